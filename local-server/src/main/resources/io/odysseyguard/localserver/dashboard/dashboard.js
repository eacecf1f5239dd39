// Live usage: polls GET /usage (every key apart) once a second and redraws. No framework, no build step.
(function () {
  "use strict";

  var POLL_MS = 1000;
  var COLUMNS = 8;
  var $ = function (id) { return document.getElementById(id); };
  // Sessions closed before this instant are left out of the list (?since=, kept in the page's URL); counts stay.
  var since = new URLSearchParams(location.search).get("since");
  var asOf = null;

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

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function cell(row, text, className) {
    var td = element("td", className, text);
    row.appendChild(td);
    return td;
  }

  // The meter's width is held / limit: full (and red) exactly at the limit.
  function keyCard(key) {
    var card = element("article", "card key");
    card.setAttribute("data-key", key.key_fingerprint);
    card.setAttribute("data-held", key.concurrent_sessions);
    card.setAttribute("data-limit", key.concurrent_limit);
    card.appendChild(element("h3", "key-name", "Key " + key.key_fingerprint));
    var big = element("p", "big");
    big.appendChild(element("span", "held", String(key.concurrent_sessions)));
    big.appendChild(element("span", "muted", " / "));
    big.appendChild(element("span", "muted limit", String(key.concurrent_limit)));
    card.appendChild(big);
    var meter = element("div", "meter");
    var fill = element("div", "meter-fill");
    fill.style.width = Math.min(100, 100 * key.concurrent_sessions / Math.max(1, key.concurrent_limit)) + "%";
    fill.classList.toggle("full", key.concurrent_sessions >= key.concurrent_limit);
    meter.appendChild(fill);
    card.appendChild(meter);
    card.appendChild(element("p", "muted small", key.active_streams + " streams running · "
        + hours(key.total_stream_seconds) + " stream h · " + hours(key.simulation_seconds) + " simulation h"));
    // What a leaking client sees first: its requests refused at the limit (429), counted since the server started.
    card.setAttribute("data-refused", key.limit_refusals);
    if (key.limit_refusals > 0) {
      card.appendChild(element("p", "refused small", key.limit_refusals
          + (key.limit_refusals === 1 ? " request" : " requests") + " refused at the limit (429)"));
    }
    return card;
  }

  // "acme.App · pid 4242" from the client's User-Agent when it says (the Java client does under the guard), else
  // its product token; the whole User-Agent is the tooltip.
  function holder(td, client) {
    if (!client) {
      td.textContent = "–";
      td.title = "the client did not say";
      return;
    }
    var main = /main ([^;)]+)/.exec(client);
    var pid = /pid (\d+)/.exec(client);
    td.appendChild(element("span", "holder", main && pid ? main[1] + " · pid " + pid[1] : client.split(" ")[0]));
    if (/odyssey-guard /.test(client)) {
      td.appendChild(element("span", "badge guarded", "guarded"));
    }
    td.title = client;
  }

  function sessionRow(s) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-session-id", s.session_id);
    tr.setAttribute("data-state", s.state);
    tr.setAttribute("data-key", s.key_fingerprint);
    cell(tr, s.session_id, "session-id");
    cell(tr, s.key_fingerprint, "key");
    holder(cell(tr, "", "held-by"), s.client);
    cell(tr, "", "state").appendChild(element("span", "badge " + s.state, s.state));
    cell(tr, s.close_reason || "–", "close-reason");
    cell(tr, time(s.opened_at), "opened-at");
    cell(tr, time(s.closed_at), "closed-at");
    cell(tr, duration(s), "duration");
    return tr;
  }

  function render(usage) {
    asOf = usage.as_of;
    $("limit-per-key").textContent = usage.concurrent_limit_per_key;
    var cards = document.createDocumentFragment();
    usage.keys.forEach(function (key) { cards.appendChild(keyCard(key)); });
    $("key-cards").replaceChildren(cards);
    $("no-keys").hidden = usage.keys.length > 0;

    $("total-sessions").textContent = usage.total.concurrent_sessions;
    $("total-streams").textContent = usage.total.active_streams;
    $("total-stream-hours").textContent = hours(usage.total.total_stream_seconds);
    $("total-simulation-hours").textContent = hours(usage.total.simulation_seconds);

    var rows = document.createDocumentFragment();
    usage.sessions.forEach(function (s) { rows.appendChild(sessionRow(s)); });
    if (usage.sessions.length === 0) {
      var empty = element("tr", "empty");
      cell(empty, since ? "No open sessions, nor any closed since the list was cleared." : "No sessions yet.").colSpan = COLUMNS;
      rows.appendChild(empty);
    }
    $("sessions-body").replaceChildren(rows);
    $("cleared").hidden = !since;
    $("cleared-at").textContent = since ? time(since) : "";
  }

  function setLive(status, text) {
    var live = $("live");
    live.setAttribute("data-status", status);
    live.textContent = text;
  }

  function setSince(value) {
    since = value;
    var url = new URL(location.href);
    if (since) url.searchParams.set("since", since); else url.searchParams.delete("since");
    history.replaceState(null, "", url);
    clearTimeout(timer);
    poll();
  }

  var timer = null;
  var latest = 0; // an answer to an older request (before a clear) is not drawn over a newer one

  function poll() {
    var request = ++latest;
    var asked = since;
    fetch("/usage" + (asked ? "?since=" + encodeURIComponent(asked) : ""), { cache: "no-store" })
      .then(function (r) {
        if (r.status === 422 && asked) { since = null; throw new Error("bad since"); } // a hand-edited URL
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      })
      .then(function (usage) { if (request === latest) { render(usage); setLive("live", "live"); } })
      .catch(function () { setLive("offline", "server unreachable"); })
      .finally(function () { clearTimeout(timer); timer = setTimeout(poll, POLL_MS); });
  }

  $("clear").addEventListener("click", function () { if (asOf) setSince(asOf); });
  $("show-all").addEventListener("click", function (e) { e.preventDefault(); setSince(null); });
  poll();
})();
