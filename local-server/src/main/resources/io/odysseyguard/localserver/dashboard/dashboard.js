// Live usage: polls GET /usage once a second and redraws. No framework, no build step.
(function () {
  "use strict";

  var POLL_MS = 1000;
  var $ = function (id) { return document.getElementById(id); };

  function hours(seconds) {
    return (seconds / 3600).toFixed(seconds < 36 ? 4 : 2);
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString() : "–";
  }

  function duration(s) {
    var end = s.closed_at ? new Date(s.closed_at) : new Date();
    var secs = Math.max(0, Math.round((end - new Date(s.opened_at)) / 1000));
    var m = Math.floor(secs / 60);
    return m > 0 ? m + "m " + (secs % 60) + "s" : secs + "s";
  }

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  function render(usage) {
    $("concurrent-sessions").textContent = usage.concurrent_sessions;
    $("concurrent-limit").textContent = usage.concurrent_limit;
    var fill = Math.min(100, 100 * usage.concurrent_sessions / Math.max(1, usage.concurrent_limit));
    $("concurrent-meter").style.width = fill + "%";
    $("concurrent-meter").classList.toggle("full", usage.concurrent_sessions >= usage.concurrent_limit);
    $("active-streams").textContent = usage.active_streams;
    $("stream-hours").textContent = hours(usage.total_stream_seconds);
    $("stream-seconds").textContent = usage.total_stream_seconds.toFixed(1);
    $("simulation-hours").textContent = hours(usage.simulation_seconds);
    $("simulation-seconds").textContent = usage.simulation_seconds.toFixed(1);

    var body = $("sessions-body");
    var rows = document.createDocumentFragment();
    usage.sessions.forEach(function (s) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-session-id", s.session_id);
      tr.setAttribute("data-state", s.state);
      cell(tr, s.session_id, "session-id");
      var state = cell(tr, "", "state");
      var badge = document.createElement("span");
      badge.className = "badge " + s.state;
      badge.textContent = s.state;
      state.appendChild(badge);
      cell(tr, s.close_reason || "–", "close-reason");
      cell(tr, time(s.opened_at), "opened-at");
      cell(tr, time(s.closed_at), "closed-at");
      cell(tr, duration(s), "duration");
      rows.appendChild(tr);
    });
    if (usage.sessions.length === 0) {
      var empty = document.createElement("tr");
      empty.className = "empty";
      var td = cell(empty, "No sessions yet.");
      td.colSpan = 6;
      rows.appendChild(empty);
    }
    body.replaceChildren(rows);
  }

  function setLive(status, text) {
    var live = $("live");
    live.setAttribute("data-status", status);
    live.textContent = text;
  }

  function poll() {
    fetch("/usage", { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (usage) { render(usage); setLive("live", "live"); })
      .catch(function () { setLive("offline", "server unreachable"); })
      .finally(function () { setTimeout(poll, POLL_MS); });
  }

  poll();
})();
