//go:build tools

// Pins the Dex OpenID provider the SSO tests log in through.
package tools

import _ "github.com/dexidp/dex/cmd/dex"
