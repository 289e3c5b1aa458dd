// kgportal embed helper (optional). Add once to a page that frames kgportal widgets:
//   <iframe src="https://PORTAL/widget/?w=scorecard&region=445202" data-kgportal title="…"></iframe>
//   <script src="https://PORTAL/embed.js" async></script>
// It sets each widget frame's height to the height the widget reports. It accepts a message only
// from the portal's own origin (the origin this script was loaded from), only from one of the
// page's kgportal frames, and only of the shape {type: "kgportal:height", height: number}.
// It sends nothing, stores nothing and loads nothing else.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var portal = new URL(script.src).origin;
  window.addEventListener('message', function (e) {
    if (e.origin !== portal) return;
    var d = e.data;
    if (!d || typeof d !== 'object' || d.type !== 'kgportal:height') return;
    var h = d.height;
    if (typeof h !== 'number' || !isFinite(h) || h <= 0 || h > 20000) return;
    var frames = document.querySelectorAll('iframe[data-kgportal]');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) frames[i].style.height = Math.ceil(h) + 'px';
    }
  });
})();
