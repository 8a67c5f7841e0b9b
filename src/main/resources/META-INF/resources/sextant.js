// Sextant's progressive enhancement: every page works without this file. With it, an element with
// data-live="<stream url>" subscribes to that server-sent event stream; each "fragment" event is
// server-rendered, escaped HTML whose top-level elements replace the elements with the same id.
(function () {
  'use strict';
  var live = document.querySelector('[data-live]');
  if (!live || !window.EventSource) {
    return;
  }
  var source = new EventSource(live.getAttribute('data-live'));
  source.addEventListener('fragment', function (event) {
    var template = document.createElement('template');
    template.innerHTML = event.data;
    var focused = document.activeElement && document.activeElement.id;
    Array.prototype.slice.call(template.content.children).forEach(function (node) {
      var old = node.id && document.getElementById(node.id);
      if (old) {
        old.replaceWith(node);
      }
    });
    if (focused && document.getElementById(focused) && document.activeElement === document.body) {
      document.getElementById(focused).focus();
    }
    document.documentElement.setAttribute('data-live-updated', String(Date.now()));
  });
  source.addEventListener('reload', function () { window.location.reload(); });
  source.addEventListener('gone', function () { window.location.assign('/applications'); });
  window.addEventListener('pagehide', function () { source.close(); });
})();
