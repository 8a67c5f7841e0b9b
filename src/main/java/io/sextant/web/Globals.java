package io.sextant.web;

import io.quarkus.qute.TemplateGlobal;

/** Values every template may use. */
@TemplateGlobal
final class Globals {

    /** What the diff normalised away, named under every diff. */
    static final String normalisation = DiffView.NORMALISATION;

    private Globals() {}
}
