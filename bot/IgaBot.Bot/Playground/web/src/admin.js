// The admin view: requests, grants and the audit trail, read from /playground/api/admin every few seconds.
const refreshEveryMs = 2000;

const esc = value => String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const when = iso => (iso ? new Date(iso).toLocaleString() : '');
const status = s => `<span class="status ${esc(s)}">${esc(s)}</span>`;

function timeLeft(iso, now) {
  if (!iso) return 'permanent';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (seconds <= 0) return 'due now';
  const d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${s}s` : `${s}s`;
}

function table(headers, rows, empty) {
  if (rows.length === 0) return `<p class="subtle">${esc(empty)}</p>`;
  return `<table><thead><tr>${headers.map(h => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function render(data) {
  const now = Date.parse(data.now);
  document.getElementById('requests').innerHTML = table(
    ['Created', 'Requester', 'For', 'Access', 'Duration', 'Status', 'Approvals', 'Trace'],
    data.requests.map(r => `<tr data-request="${esc(r.id)}">
      <td>${esc(when(r.createdAt))}</td><td>${esc(r.requester)}</td><td>${esc(r.beneficiary)}</td>
      <td>${esc(r.entitlement)}${r.scope ? ` (${esc(r.scope)})` : ''}</td><td>${esc(r.duration)}</td>
      <td>${status(r.status)}${r.outcome ? `<div class="subtle">${esc(r.outcome)}</div>` : ''}</td>
      <td>${r.stages.map(s => `<div>${esc(s.step)}: ${status(s.status)} ${s.decidedBy ? `by ${esc(s.decidedBy)}` : esc(s.approvers)}</div>`).join('')}</td>
      <td class="trace">${r.trace ? `<details><summary>trace</summary>${esc(r.trace)}</details>` : ''}</td></tr>`),
    'No requests yet. Ask the bot for something in the playground.');
  document.getElementById('grants').innerHTML = table(
    ['Person', 'Access', 'Granted', 'Expires', 'Time left', 'Status', 'Ended'],
    data.grants.map(g => `<tr data-grant="${esc(g.id)}" data-status="${esc(g.status)}">
      <td>${esc(g.person)}</td><td>${esc(g.entitlement)}${g.scope ? ` (${esc(g.scope)})` : ''}</td>
      <td>${esc(when(g.grantedAt))}</td><td>${esc(g.expiresAt ? when(g.expiresAt) : 'never')}</td>
      <td>${g.status === 'Active' ? esc(timeLeft(g.expiresAt, now)) : ''}</td><td>${status(g.status)}</td>
      <td>${g.endedAt ? esc(when(g.endedAt)) : ''} <span class="subtle">${esc([g.endedBy, g.endReason].filter(Boolean).join(': '))}</span></td></tr>`),
    'No grants that came from requests yet.');
  document.getElementById('tasks').innerHTML = table(
    ['Since', 'Who', 'Task', 'Kind'],
    data.tasks.map(t => `<tr data-task="${esc(t.id)}"><td>${esc(when(t.createdAt))}</td><td>${esc(t.assignee)}</td><td>${esc(t.title)}</td><td>${esc(t.operation)}</td></tr>`),
    'No manual task is waiting.');
  const audit = data.audit;
  const verdict = document.getElementById('audit-status');
  verdict.className = `status ${audit.verified ? 'ok' : 'broken'}`;
  verdict.textContent = audit.verified ? `chain verified (${audit.count} events)` : `chain broken: ${audit.problem}`;
  document.getElementById('audit').innerHTML = table(
    ['#', 'When', 'Actor', 'Action', 'Subject', 'Detail'],
    audit.events.map(e => `<tr><td>${esc(e.sequence)}</td><td>${esc(when(e.at))}</td><td>${esc(e.actor)}</td>
      <td>${esc(e.action)}</td><td>${esc(e.subject)}</td><td class="trace">${esc(e.detail)}</td></tr>`),
    'The audit trail is empty.');
  document.getElementById('refreshed').textContent = `refreshed ${new Date().toLocaleTimeString()}`;
}

async function refresh() {
  try {
    const response = await fetch('/playground/api/admin');
    if (!response.ok) throw new Error(`the admin API answered ${response.status}`);
    render(await response.json());
  } catch (e) {
    document.getElementById('refreshed').textContent = `not refreshed: ${e.message}`;
  }
}

refresh();
setInterval(refresh, refreshEveryMs);
