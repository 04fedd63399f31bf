// cargoman web UI: progressive enhancement only. Every page works without this script;
// with it, a grant's constraint previews as it is typed, syncs show live progress, set-up
// lines copy with one click and destructive buttons ask first.
"use strict";

(function () {
  // Live fragments: <input data-preview="URL-with-{value}" data-preview-target="ID">.
  // The server renders the fragment (the same code as without script); the newest
  // answer wins.
  function wirePreview(input) {
    var target = document.getElementById(input.getAttribute("data-preview-target"));
    if (!target) return;
    var timer = null, seq = 0;
    function refresh() {
      var form = input.form;
      var params = new URLSearchParams();
      if (form) {
        new FormData(form).forEach(function (v, k) { if (k !== "_csrf") params.append(k, v); });
      }
      var mine = ++seq;
      target.setAttribute("aria-busy", "true");
      fetch(input.getAttribute("data-preview") + "?" + params.toString(), {
        credentials: "same-origin", headers: { "Accept": "text/html" }
      }).then(function (r) { return r.text(); }).then(function (html) {
        if (mine !== seq) return;
        target.innerHTML = html;
        target.removeAttribute("aria-busy");
      }).catch(function () { target.removeAttribute("aria-busy"); });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 150);
    });
    var form = input.form;
    if (form) {
      form.querySelectorAll("select").forEach(function (s) { s.addEventListener("change", refresh); });
    }
  }

  // Live progress: <div data-job="URL"> polls the task's JSON until it is finished,
  // filling [data-job-state] and [data-job-bar], then reloads the page once.
  function wireJob(el) {
    var url = el.getAttribute("data-job");
    var state = el.querySelector("[data-job-state]");
    var bar = el.querySelector("[data-job-bar]");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          if (state) state.textContent = job.label || job.state;
          if (bar) bar.style.width = (job.percent || 0) + "%";
          if (job.finished) {
            el.setAttribute("data-job-finished", job.state);
            if (job.reload) setTimeout(function () { window.location.reload(); }, 600);
          } else {
            setTimeout(poll, 700);
          }
        })
        .catch(function () { setTimeout(poll, 2000); });
    }
    poll();
  }

  // Copy: <button data-copy="ID"> copies the text of element ID.
  function wireCopy(button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) return;
      var text = source.textContent;
      function done() {
        button.textContent = "Copied";
        button.setAttribute("data-copied", "true");
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
      } else {
        fallback(text);
        done();
      }
    });
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
    window.cargomanCopied = text;
  }

  // Confirm: <button data-confirm="Question?"> asks before its form is sent.
  function wireConfirm(button) {
    button.addEventListener("click", function (ev) {
      if (!window.confirm(button.getAttribute("data-confirm"))) ev.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-preview]").forEach(wirePreview);
    document.querySelectorAll("[data-job]").forEach(wireJob);
    document.querySelectorAll("[data-copy]").forEach(wireCopy);
    document.querySelectorAll("[data-confirm]").forEach(wireConfirm);
  });
})();
