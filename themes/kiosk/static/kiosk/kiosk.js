/*
 * The kiosk's idle guard: after a quiet while it asks whether the visitor
 * is still there, counts down, and then finishes the session, so the next
 * visitor starts from the home page. It also keeps the browser from
 * offering what earlier visitors typed.
 */
(function () {
  "use strict";

  var finish = document.getElementById("kiosk-finish");
  var warning = document.getElementById("kiosk-warning");
  var countdown = document.getElementById("kiosk-countdown");
  var stay = document.getElementById("kiosk-stay");
  if (!finish || !warning) {
    return;
  }
  var idle = parseInt(finish.getAttribute("data-idle"), 10) * 1000;
  var warn = parseInt(finish.getAttribute("data-warning"), 10) * 1000;
  var quiet = null;
  var ticking = null;

  document.querySelectorAll("form").forEach(function (form) {
    form.setAttribute("autocomplete", "off");
  });
  document.querySelectorAll("input").forEach(function (input) {
    input.setAttribute("autocomplete", input.type === "password" ? "new-password" : "off");
  });

  function end() {
    finish.submit();
  }

  function ask() {
    var left = Math.round(warn / 1000);
    countdown.textContent = left;
    warning.hidden = false;
    ticking = window.setInterval(function () {
      left -= 1;
      countdown.textContent = Math.max(left, 0);
      if (left <= 0) {
        window.clearInterval(ticking);
        end();
      }
    }, 1000);
  }

  function restart() {
    window.clearTimeout(quiet);
    window.clearInterval(ticking);
    warning.hidden = true;
    quiet = window.setTimeout(ask, Math.max(idle - warn, 0));
  }

  ["pointerdown", "keydown", "touchstart", "input", "scroll"].forEach(function (name) {
    document.addEventListener(name, function () {
      if (warning.hidden) {
        restart();
      }
    }, { passive: true });
  });
  stay.addEventListener("click", restart);
  restart();
})();
