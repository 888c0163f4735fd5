// The Hetzner tabs' enhancements. Every page works without them (forms post, the server renders the answer); with
// them, buttons that wait for Hetzner say so, "What this means" follows the form as the admin chooses, and a finished
// snapshot run updates the page in place without discarding a half-typed form.
(function () {
  'use strict';

  const pollMs = 1000;

  // Busy states: the pressed button says what the panel is waiting for and cannot be pressed twice.
  function busy(event) {
    const form = event.target;
    const button = event.submitter || form.querySelector('button[type=submit]');
    if (!button || !button.hasAttribute('data-busy') || event.defaultPrevented) {
      return;
    }
    // A disabled button is left out of the submission, so a button that says something by its name and value (the
    // rows' "Keep forever") hands them over as a hidden field first.
    if (button.name) {
      const carried = document.createElement('input');
      carried.type = 'hidden';
      carried.name = button.name;
      carried.value = button.value;
      carried.setAttribute('data-carried', '');
      form.appendChild(carried);
    }
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.classList.add('is-busy');
    button.setAttribute('data-idle', button.textContent);
    button.textContent = button.getAttribute('data-busy');
  }

  // A page shown again from the back/forward cache, or left standing when its navigation failed, must not keep its
  // buttons busy: nothing is under way any more.
  function idle() {
    // The fields that stood in for the busy buttons go with them, or a later press posts two values.
    document.querySelectorAll('input[data-carried]').forEach(function (carried) {
      carried.remove();
    });
    document.querySelectorAll('button.is-busy').forEach(function (button) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.classList.remove('is-busy');
      button.textContent = button.getAttribute('data-idle');
      button.removeAttribute('data-idle');
    });
  }

  // Filters apply as soon as a list is changed.
  function autosubmit(event) {
    const form = event.target.form;
    if (form && form.hasAttribute('data-hetzner-autosubmit') && event.target.tagName === 'SELECT') {
      form.requestSubmit();
    }
  }

  // "What this means" for the values on the form: the server renders it (the same component and computation as
  // for the saved settings), this only asks for it and swaps it in.
  function watchSchedule(form) {
    const url = form.getAttribute('data-hetzner-schedule');
    const slot = document.querySelector('[data-hetzner-summary-slot]');
    if (!url || !slot) {
      return;
    }
    let timer = 0;
    let pendingPolls = 0;

    function values() {
      const whole = (id) => form.querySelector(id).value.trim();
      const keep = whole('#hetzner-keep');
      const daily = whole('#hetzner-keep-daily');
      const weekly = whole('#hetzner-keep-weekly');
      const monthly = whole('#hetzner-keep-monthly');
      const zone = form.querySelector('#hetzner-time-zone').value.trim();
      if (![keep, daily, weekly, monthly].every((value) => /^\d+$/.test(value)) || zone === '') {
        return null;
      }
      const query = new URLSearchParams({
        enabled: form.querySelector('#hetzner-enabled').checked ? 'true' : 'false',
        frequencyHours: form.querySelector('#hetzner-frequency').value,
        retentionDays: form.querySelector('#hetzner-retention').value,
        keepNewest: keep,
        keepDaily: daily,
        keepWeekly: weekly,
        keepMonthly: monthly,
        timeZone: zone,
        format: 'html',
      });
      return url + '?' + query.toString();
    }

    async function update() {
      const address = values();
      if (!address) {
        return;
      }
      try {
        const response = await fetch(address, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
        if (response.ok) {
          slot.innerHTML = await response.text();
          slot.setAttribute('data-updated', String(Date.now()));
          schedulePendingPoll();
        }
      } catch (error) {
        // The figures stay as they were; the next change asks again.
      }
    }

    // Right after a token is saved the list and price are read in the background: ask again until they are in.
    function schedulePendingPoll() {
      const summary = slot.querySelector('[data-hetzner-summary]');
      if (summary && summary.getAttribute('data-pending') === 'true' && pendingPolls < 60) {
        pendingPolls += 1;
        window.setTimeout(update, 2000);
      }
    }

    function changed() {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 250);
    }

    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    schedulePendingPoll();
  }

  // Live progress of a snapshot run. When it finishes, the page's own GET (with the outcome) is fetched and its
  // live regions replace these ones; the Create form is not among them, so what the admin typed there stays.
  function watchOperation(panel) {
    if (panel.dataset.hetznerWatching === 'true') {
      return;
    }
    panel.dataset.hetznerWatching = 'true';

    const url = panel.getAttribute('data-hetzner-operation');
    const done = panel.getAttribute('data-hetzner-done');
    const bar = panel.querySelector('progress');
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
            await refreshPage(done);
            return;
          }
          bar.value = operation.progress;
          bar.textContent = operation.progress + '%';
          // The sentences come from the page (SnapshotTexts), so they exist once.
          status.textContent = operation.status === 'Pending'
            ? panel.getAttribute('data-text-pending')
            : panel.getAttribute('data-text-creating').replace('{0}', String(operation.progress));
        }
      } catch (error) {
        // A failed poll (panel restarting, network blip) is retried on the next tick.
      }
      window.setTimeout(poll, pollMs);
    }

    window.setTimeout(poll, pollMs);
  }

  async function refreshPage(address) {
    try {
      const response = await fetch(address, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
      document.querySelectorAll('[data-hetzner-live]').forEach(function (region) {
        const replacement = fresh.querySelector('[data-hetzner-live="' + region.getAttribute('data-hetzner-live') + '"]');
        if (replacement) {
          region.replaceWith(document.importNode(replacement, true));
        }
      });
      start();
    } catch (error) {
      // The page could not be read: a full reload shows the outcome (and is what the page did before).
      window.location.assign(address);
    }
  }

  function start() {
    document.querySelectorAll('[data-hetzner-operation]').forEach(watchOperation);
  }

  document.addEventListener('submit', busy);
  window.addEventListener('pageshow', idle);
  document.addEventListener('change', autosubmit);
  document.querySelectorAll('form[data-hetzner-schedule]').forEach(watchSchedule);
  start();
})();
