// Live reload for `dossier serve`: reloads this page when a rebuild changed
// it, and shows a failed build's messages over the page until it is fixed.
(function () {
  "use strict";
  var overlay = null;

  function here() {
    var path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }

  function show(messages) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "dossier-overlay";
    overlay.setAttribute("role", "alert");
    var s = overlay.style;
    s.position = "fixed";
    s.inset = "0";
    s.zIndex = "2147483647";
    s.overflow = "auto";
    s.padding = "2rem";
    s.background = "rgba(20, 20, 24, 0.94)";
    s.color = "#ffd7d7";
    s.font = "14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace";
    var title = document.createElement("h2");
    title.textContent = "The last change did not build";
    title.style.color = "#ff8080";
    title.style.font = "bold 18px system-ui, sans-serif";
    var note = document.createElement("p");
    note.textContent = "This page is the last good build. Fix the file and save: this message goes away by itself.";
    note.style.font = "14px system-ui, sans-serif";
    note.style.color = "#dddddd";
    var pre = document.createElement("pre");
    pre.textContent = messages.join("\n");
    pre.style.whiteSpace = "pre-wrap";
    overlay.appendChild(title);
    overlay.appendChild(note);
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  }

  function hide() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__dossier/ws");
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "error") {
        show(message.messages);
      } else if (message.type === "reload") {
        hide();
        var changed = message.paths || [];
        var style = changed.some(function (p) { return p.indexOf("static/") === 0; });
        if (message.all || style || changed.indexOf(here()) >= 0) {
          location.reload();
        }
      }
    };
    socket.onclose = function () {
      setTimeout(connect, 1000);
    };
  }

  connect();
})();
