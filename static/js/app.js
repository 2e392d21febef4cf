// Behaviour that would otherwise be inline (the Content-Security-Policy allows no inline script).

// A <select data-autosubmit> submits its form when changed (the organisation switcher).
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.requestSubmit();
  }
});
