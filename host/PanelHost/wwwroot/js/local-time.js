// Rewrites every <time data-local-time> the server rendered (exact UTC text) into the browser's time zone with a
// relative part ("3 h ago", "in 2 h"); the exact UTC time stays in the tooltip. Pages work without it: they then
// show UTC. A file, not inline script: the content security policy allows scripts from the panel only.
(function () {
  'use strict';

  const relative = typeof Intl.RelativeTimeFormat === 'function'
    ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' })
    : null;
  const units = [
    ['year', 365 * 24 * 3600], ['month', 30 * 24 * 3600], ['day', 24 * 3600],
    ['hour', 3600], ['minute', 60], ['second', 1],
  ];

  function relativeText(date, now) {
    if (!relative) {
      return '';
    }
    const seconds = Math.round((date.getTime() - now) / 1000);
    if (Math.abs(seconds) < 45) {
      return relative.format(0, 'second');
    }
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size || unit === 'second') {
        return relative.format(Math.round(seconds / size), unit);
      }
    }
    return '';
  }

  function localise(element, now) {
    const date = new Date(element.getAttribute('datetime'));
    if (Number.isNaN(date.getTime())) {
      return;
    }
    const withSeconds = element.getAttribute('data-local-time') === 'seconds';
    const exact = new Intl.DateTimeFormat(undefined, {
      year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
      second: withSeconds ? '2-digit' : undefined, timeZoneName: 'short',
    }).format(date);
    const utc = element.dataset.utc || element.textContent;
    element.dataset.utc = utc;
    element.title = utc;
    const ago = element.hasAttribute('data-no-relative') ? '' : relativeText(date, now);
    element.textContent = ago ? exact + ' (' + ago + ')' : exact;
  }

  function localiseAll(root) {
    const now = Date.now();
    (root || document).querySelectorAll('time[data-local-time]').forEach(function (element) {
      localise(element, now);
    });
  }

  // Forms that filter by day send the browser's zone along, so "From" and "To" mean the admin's days.
  function fillZones(root) {
    let zone = '';
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    } catch (e) {
      zone = '';
    }
    (root || document).querySelectorAll('input[data-local-zone]').forEach(function (input) {
      if (!input.value && zone) {
        input.value = zone;
        const hint = input.form && input.form.querySelector('[data-local-zone-name]');
        if (hint) {
          hint.textContent = 'Days in ' + zone;
        }
      }
    });
  }

  window.panelLocalTime = localiseAll;
  document.addEventListener('DOMContentLoaded', function () { fillZones(document); });
  if (document.readyState !== 'loading') {
    fillZones(document);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { localiseAll(document); });
  } else {
    localiseAll(document);
  }
  // Parts of a page a script swaps in later (a module refreshing a table) are localised as they arrive.
  new MutationObserver(function (records) {
    const now = Date.now();
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType !== Node.ELEMENT_NODE) {
          return;
        }
        if (node.matches('time[data-local-time]')) {
          localise(node, now);
        }
        node.querySelectorAll('time[data-local-time]').forEach(function (element) { localise(element, now); });
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  // Relative times age while the page stays open.
  window.setInterval(function () { localiseAll(document); }, 60 * 1000);
})();
