// The playground page: a persona switcher over the demo tenant's people and the official Web Chat,
// talking to the bot through the bot's own local Direct Line (/playground/directline).
import ReactWebChat, { createDirectLine } from 'botframework-webchat';
import { useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';

const directLineDomain = `${window.location.origin}/playground/directline/v3/directline`;
const storedPersonaKey = 'igabot.playground.persona';
const refreshEveryMs = 3000;

async function getJson(url, init) {
  const response = await fetch(url, init);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || body.title || `${url} answered ${response.status}`);
  return body;
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).map(part => part[0]).slice(0, 2).join('').toUpperCase();
}

function usePersonas() {
  const [personas, setPersonas] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let stopped = false;
    const load = () => getJson('/playground/api/personas')
      .then(body => { if (!stopped) { setPersonas(body.people); setError(null); } })
      .catch(e => { if (!stopped) setError(e.message); });
    load();
    const timer = setInterval(load, refreshEveryMs);
    return () => { stopped = true; clearInterval(timer); };
  }, []);
  return [personas, error];
}

function PersonaList({ personas, current, onPick }) {
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    const words = filter.trim().toLowerCase();
    const byDepartment = new Map();
    for (const p of personas) {
      const text = `${p.name} ${p.title} ${p.department} ${p.email}`.toLowerCase();
      if (words && !text.includes(words)) continue;
      if (!byDepartment.has(p.department)) byDepartment.set(p.department, []);
      byDepartment.get(p.department).push(p);
    }
    return [...byDepartment.entries()];
  }, [personas, filter]);

  return (
    <aside className="people" aria-label="People of the demo tenant">
      <input type="search" placeholder="Find a person" aria-label="Find a person" value={filter} onChange={e => setFilter(e.target.value)} />
      <ul>
        {groups.map(([department, people]) => (
          <li key={department}>
            <h3>{department}</h3>
            <ul>
              {people.map(p => (
                <li key={p.email}>
                  <button type="button" className="persona" data-email={p.email} aria-pressed={p.email === current} onClick={() => onPick(p.email)}
                    title={`Act as ${p.name} (${p.email})`}>
                    <span className="who">
                      <span className="name">{p.name}</span>
                      <span className="detail">{p.title}</span>
                      <span className="detail">{p.manager ? `reports to ${p.manager.name}` : 'no manager'}</span>
                    </span>
                    <span className="badges">
                      {p.waitingApprovals > 0 && (
                        <span className="badge" data-testid="waiting" title={`${p.waitingApprovals} approvals waiting`}
                          aria-label={`${p.waitingApprovals} approvals waiting`}>{p.waitingApprovals}</span>
                      )}
                      {p.openTasks > 0 && (
                        <span className="badge task" data-testid="tasks" title={`${p.openTasks} manual tasks waiting`}
                          aria-label={`${p.openTasks} manual tasks waiting`}>{p.openTasks} task{p.openTasks > 1 ? 's' : ''}</span>
                      )}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </aside>
  );
}

function Chat({ persona }) {
  const [session, setSession] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let stopped = false;
    let directLine = null;
    setSession(null);
    setError(null);
    getJson('/playground/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: persona.email }),
    }).then(body => {
      if (stopped) return;
      directLine = createDirectLine({ domain: directLineDomain, token: body.token, webSocket: false, pollingInterval: 1000 });
      setSession({ ...body, directLine });
    }).catch(e => { if (!stopped) setError(e.message); });
    return () => { stopped = true; directLine?.end(); };
  }, [persona.email]);

  const styleOptions = useMemo(() => ({
    hideUploadButton: true,
    botAvatarInitials: 'IB',
    userAvatarInitials: initials(persona.name),
    bubbleMaxWidth: 620,
    adaptiveCardsParserMaxVersion: '1.5',
  }), [persona.name]);

  return (
    <section className="chat" aria-label="Chat">
      <div className="as">
        You are <strong data-testid="current-persona">{persona.name}</strong> <span className="subtle">({persona.title}, {persona.email})</span>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {session && (
        <div className="webchat">
          <ReactWebChat key={session.conversationId} directLine={session.directLine} userID={session.userId} username={session.userName}
            styleOptions={styleOptions} locale="en-US" />
        </div>
      )}
    </section>
  );
}

function App() {
  const [personas, error] = usePersonas();
  const [current, setCurrent] = useState(() => new URLSearchParams(window.location.search).get('as') || window.localStorage.getItem(storedPersonaKey));

  const pick = email => {
    window.localStorage.setItem(storedPersonaKey, email);
    const url = new URL(window.location.href);
    url.searchParams.set('as', email);
    window.history.replaceState(null, '', url);
    setCurrent(email);
  };

  if (!personas) return <p className={error ? 'error' : 'subtle pad'}>{error || 'Loading the people of the tenant…'}</p>;
  const persona = personas.find(p => p.email.toLowerCase() === (current || '').toLowerCase()) || personas[0];
  if (!persona) return <p className="error">The tenant has nobody in its directory.</p>;

  return (
    <>
      <PersonaList personas={personas} current={persona.email} onPick={pick} />
      <Chat persona={persona} />
    </>
  );
}

createRoot(document.getElementById('root')).render(<App />);
