// Live progress of a snapshot run on the Snapshots tab: polls the module's JSON API and, once the run has
// finished, reloads the tab so the refreshed list and the outcome are shown. Without JavaScript the page still
// works; the progress is then current as of each reload.
(function () {
  'use strict';

  const intervalMs = 1000;

  function watch(panel) {
    if (panel.dataset.hetznerWatching === 'true') {
      return;
    }
    panel.dataset.hetznerWatching = 'true';

    const url = panel.getAttribute('data-hetzner-operation');
    const done = panel.getAttribute('data-hetzner-done');
    const bar = panel.querySelector('.progress-bar');
    const status = panel.querySelector('[data-hetzner-status]');

    async function poll() {
      if (!panel.isConnected) {
        return;
      }
      try {
        const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (response.ok) {
          const operation = await response.json();
          if (operation.finished) {
            window.location.assign(done);
            return;
          }
          bar.style.width = operation.progress + '%';
          status.textContent = operation.status === 'Pending'
            ? 'Waiting to start…'
            : 'Hetzner is creating the snapshot: ' + operation.progress + '%.';
        }
      } catch (error) {
        // A failed poll (panel restarting, network blip) is retried on the next tick.
      }
      window.setTimeout(poll, intervalMs);
    }

    window.setTimeout(poll, intervalMs);
  }

  function start() {
    document.querySelectorAll('[data-hetzner-operation]').forEach(watch);
  }

  start();
  // The host's enhanced navigation swaps page content without running scripts again.
  if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
    window.Blazor.addEventListener('enhancedload', start);
  }
})();
