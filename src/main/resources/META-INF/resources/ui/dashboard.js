// pod-triage dashboard: open incidents (GET /api/v1/incidents) and failing pods from the live stream
// (GET /api/v1/diagnoses?watch=true). The stream is read with fetch, not EventSource: EventSource cannot
// send the Authorization header, and a token in the URL would end up in access logs.
(function () {
  'use strict';
  const pods = new Map(); // "namespace/name" -> Diagnosis
  let incidents = [];
  let lastEventId = null;
  let controller = null;
  const $ = (id) => document.getElementById(id);

  function headers() {
    const token = sessionStorage.getItem('pod-triage-token');
    return token ? { Authorization: 'Bearer ' + token } : {};
  }

  function text(tag, value, cls) {
    const el = document.createElement(tag);
    el.textContent = value == null ? '' : String(value);
    if (cls) el.className = cls;
    return el;
  }

  function visible(namespace) {
    const wanted = $('namespace').value;
    return !wanted || wanted === namespace;
  }

  function severe(severity) {
    return $('severity').value !== 'critical' || severity === 'critical';
  }

  function namespaces() {
    const seen = new Set();
    pods.forEach((d) => seen.add(d.pod.namespace));
    incidents.forEach((i) => (i.members || []).forEach((m) => seen.add(m.namespace)));
    const select = $('namespace');
    const current = select.value;
    const known = new Set(Array.from(select.options).map((o) => o.value));
    Array.from(seen).sort().forEach((ns) => {
      if (!known.has(ns)) select.appendChild(new Option(ns, ns));
    });
    select.value = current;
  }

  // Fills a table's body with one row per item (cells(item) gives the cells, key the data attribute), or says it is empty.
  function fill(table, items, key, cells, empty, count) {
    const body = $(table).tBodies[0];
    body.replaceChildren();
    items.forEach((item) => {
      const tr = document.createElement('tr');
      tr.dataset[key[0]] = key[1](item);
      tr.append(...cells(item));
      body.appendChild(tr);
    });
    if (!items.length) {
      const tr = document.createElement('tr');
      tr.className = 'empty';
      tr.appendChild(text('td', empty)).colSpan = $(table).tHead.rows[0].cells.length;
      body.appendChild(tr);
    }
    $(count).textContent = '(' + items.length + ')';
  }

  function renderPods() {
    const rows = Array.from(pods.values())
      .filter((d) => visible(d.pod.namespace) && severe(d.severity))
      .sort((a, b) => (a.pod.namespace + '/' + a.pod.name).localeCompare(b.pod.namespace + '/' + b.pod.name));
    fill('pods', rows, ['pod', (d) => d.pod.namespace + '/' + d.pod.name], (d) => {
      const root = (d.findings || [])[0] || {};
      return [text('td', d.severity, d.severity), text('td', d.pod.namespace + '/' + d.pod.name),
        text('td', (root.rule ? root.rule + ': ' : '') + d.summary), text('td', d.pod.status),
        text('td', root.since || 'not known')];
    }, 'No failing pods.', 'pod-count');
  }

  function renderIncidents() {
    const rows = incidents.filter((i) => severe(i.severity) && (i.members || []).some((m) => visible(m.namespace)));
    fill('incidents', rows, ['incident', (i) => i.id], (i) => {
      const s = i.scope || {};
      return [text('td', i.severity, i.severity), text('td', i.summary),
        text('td', s.pods + ' pod(s), ' + s.workloads + ' workload(s), ' + s.namespaces + ' namespace(s), ' + s.nodes + ' node(s)'),
        text('td', i.firstSeen)];
    }, 'No open incidents.', 'incident-count');
  }

  function render() {
    namespaces();
    renderPods();
    renderIncidents();
  }

  async function loadIncidents() {
    const r = await fetch('/api/v1/incidents?limit=1000', { headers: headers() });
    if (!r.ok) throw new Error('incidents: HTTP ' + r.status);
    incidents = (await r.json()).items || [];
    render();
  }

  function onEvent(name, data, id) {
    if (id) lastEventId = id;
    if (name === 'reset') {
      pods.clear();
    } else if (name === 'diagnosis') {
      const d = JSON.parse(data);
      pods.set(d.pod.namespace + '/' + d.pod.name, d);
    } else if (name === 'removed') {
      const r = JSON.parse(data);
      if (r.kind === 'Pod') pods.delete(r.namespace + '/' + r.name);
    } else if (name === 'incident') {
      loadIncidents().catch(failed);
      return;
    } else if (name === 'synced') {
      $('status').textContent = 'live';
    }
    if (name !== 'diagnosis' || $('status').textContent === 'live') render();
  }

  // Server-Sent Events over fetch: events are separated by a blank line; lines starting with ':' are comments.
  async function stream() {
    controller = new AbortController();
    const h = headers();
    if (lastEventId) h['Last-Event-ID'] = lastEventId;
    const r = await fetch('/api/v1/diagnoses?watch=true', { headers: h, signal: controller.signal });
    if (!r.ok) throw new Error('stream: HTTP ' + r.status);
    if (lastEventId) $('status').textContent = 'live'; // resumed: only the changes follow
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = 'message', id = null;
        const data = [];
        block.split('\n').forEach((line) => {
          if (line.startsWith(':')) return;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const v = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') name = v;
          else if (field === 'data') data.push(v);
          else if (field === 'id') id = v;
        });
        if (data.length) onEvent(name, data.join('\n'), id);
      }
    }
  }

  function failed(e) {
    $('status').textContent = 'disconnected (' + e.message + '), retrying…';
  }

  async function connect() {
    for (;;) {
      try {
        await loadIncidents();
        await stream();
      } catch (e) {
        if (e.name === 'AbortError') return;
        failed(e);
      }
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  }

  $('namespace').addEventListener('change', render);
  $('severity').addEventListener('change', render);
  $('token').value = sessionStorage.getItem('pod-triage-token') || '';
  $('token').addEventListener('change', () => {
    sessionStorage.setItem('pod-triage-token', $('token').value.trim());
    lastEventId = null;
    pods.clear();
    if (controller) controller.abort();
    connect();
  });
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  render();
  connect();
})();
