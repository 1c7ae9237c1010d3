// Live reload for `dossier serve`: reloads this page when a rebuild changed
// it, and shows a failed build's messages over the page until it is fixed.
(function () {
  "use strict";
  var overlay = null;

  function here() {
    var path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }

  // Styles are set through the DOM: the pages' CSP allows no inline style
  // sheet, and the theme's stylesheet knows nothing of the overlay.
  function styled(tag, styles, text) {
    var el = document.createElement(tag);
    for (var name in styles) {
      el.style[name] = styles[name];
    }
    if (text) {
      el.textContent = text;
    }
    return el;
  }

  // A solid panel over the dimmed page: the message reads clearly, and the
  // last good build stays in sight behind it.
  function show(messages) {
    hide();
    overlay = styled("div", {
      position: "fixed",
      inset: "0",
      zIndex: "2147483647",
      overflow: "auto",
      padding: "4rem 1rem",
      background: "rgba(10, 10, 14, 0.6)",
    });
    overlay.id = "dossier-overlay";
    overlay.setAttribute("role", "alert");
    var panel = styled("div", {
      maxWidth: "56rem",
      margin: "0 auto",
      padding: "1.25rem 1.5rem",
      background: "#1d1d23",
      borderTop: "4px solid #ff6b6b",
      borderRadius: "6px",
      boxShadow: "0 12px 40px rgba(0, 0, 0, 0.5)",
      color: "#eeeeee",
      font: "15px/1.5 system-ui, sans-serif",
    });
    panel.appendChild(styled("h2", {
      margin: "0 0 0.5rem",
      color: "#ff8a8a",
      font: "bold 18px/1.3 system-ui, sans-serif",
    }, "The last change did not build"));
    panel.appendChild(styled("p", { margin: "0 0 1rem", color: "#c8c8d0" },
      "This page is the last good build. Fix the file and save: this message goes away by itself."));
    // One block per message, continued lines indented: wrapped on a narrow
    // screen, messages stay apart.
    var list = styled("div", {
      padding: "0.75rem 1rem",
      background: "#121217",
      borderRadius: "4px",
      color: "#ffd7d7",
      font: "14px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace",
    });
    messages.forEach(function (message, i) {
      list.appendChild(styled("div", {
        whiteSpace: "pre-wrap",
        overflowWrap: "anywhere",
        paddingLeft: "2ch",
        textIndent: "-2ch",
        marginTop: i === 0 ? "0" : "0.5rem",
      }, message));
    });
    panel.appendChild(list);
    overlay.appendChild(panel);
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
