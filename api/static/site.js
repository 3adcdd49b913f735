/* Small page behaviours without inline script (CSP 'self'): the print button of the zone page. */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
