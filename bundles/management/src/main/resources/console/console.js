// The gost4j web console: tunnels, their peers and counters, read every 2 s through the Jolokia endpoint of the
// same server, and a button per peer that runs disconnectPeer. Credentials stay in this page's memory and go in
// an Authorization header of each request: the browser never stores them, so other sites' requests cannot carry
// them. Every value from the server is inserted as text, never as HTML.
'use strict';

(function () {
  const jolokia = document.querySelector('meta[name="gost4j-jolokia"]').content.replace(/\/*$/, '/');
  const REFRESH_MS = 2000;
  const COUNTERS = [
    ['PacketsFromDevice', 'packets from device'], ['BytesFromDevice', 'bytes from device'],
    ['PacketsToDevice', 'packets to device'], ['BytesToDevice', 'bytes to device'],
    ['PacketsForwarded', 'packets forwarded'], ['DropsTotal', 'drops']
  ];
  let authorization = null;
  let timer = null;

  const $ = (id) => document.getElementById(id);

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  class Unauthorized extends Error {}

  async function call(requests) {
    const response = await fetch(jolokia, {
      method: 'POST',
      credentials: 'omit',
      headers: {
        'Authorization': authorization,
        'Content-Type': 'application/json',
        'X-Requested-With': 'XMLHttpRequest'
      },
      body: JSON.stringify(requests)
    });
    if (response.status === 401) {
      throw new Unauthorized();
    }
    if (!response.ok) {
      throw new Error('HTTP ' + response.status);
    }
    const answers = await response.json();
    for (const answer of answers) {
      if (answer.status !== 200) {
        throw new Error(answer.error || ('status ' + answer.status));
      }
    }
    return answers.map((answer) => answer.value);
  }

  async function readTunnels() {
    const [names] = await call([{ type: 'search', mbean: 'gost4j:type=service,*' }]);
    names.sort();
    if (names.length === 0) {
      return [];
    }
    const values = await call(names.map((name) => ({ type: 'read', mbean: name })));
    return names.map((name, i) => ({ mbean: name, attributes: values[i] }));
  }

  function peerRow(tunnel, line) {
    const ip = line.split(/\s+/)[0];
    const row = element('tr', { 'class': 'peer', 'data-ip': ip }, element('td', {}, line));
    if (tunnel.attributes.Mode === 'server') {
      const button = element('button', { 'class': 'disconnect', type: 'button' }, 'Disconnect');
      button.addEventListener('click', () => disconnect(tunnel.mbean, ip, button));
      row.append(element('td', {}, button));
    }
    return row;
  }

  function tunnelView(tunnel) {
    const a = tunnel.attributes;
    const counters = element('table', { 'class': 'counters' },
      ...COUNTERS.map(([key, label]) => element('tr', {}, element('th', {}, label),
        element('td', { 'data-counter': key }, a[key] ?? ''))));
    const drops = (a.Drops || []).join(', ');
    const peers = a.Peers || [];
    return element('section', { 'class': 'tunnel', 'data-name': a.Name },
      element('h2', {}, a.Name + ' (' + a.Mode + ', ' + a.State + ')'),
      element('p', {}, 'device ' + a.Device + ' ' + (a.Addresses || []).join(' ') + ', listening on ' + a.ListenAddress),
      counters,
      element('p', { 'class': 'drops' }, drops ? 'drops by reason: ' + drops : 'no drops'),
      element('h3', {}, 'Peers'),
      peers.length ? element('table', { 'class': 'peers' }, ...peers.map((line) => peerRow(tunnel, line)))
        : element('p', { 'class': 'none' }, 'no peers'));
  }

  async function refresh() {
    try {
      const tunnels = await readTunnels();
      const main = $('tunnels');
      main.replaceChildren(...(tunnels.length ? tunnels.map(tunnelView)
        : [element('p', { 'class': 'none' }, 'no tunnels')]));
      main.hidden = false;
      $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      if (e instanceof Unauthorized) {
        logOut('wrong user or password');
      } else {
        $('status').textContent = 'update failed: ' + e.message;
      }
    }
  }

  async function disconnect(mbean, ip, button) {
    button.disabled = true;
    try {
      await call([{ type: 'exec', mbean: mbean, operation: 'disconnectPeer', arguments: [ip] }]);
    } catch (e) {
      $('status').textContent = 'disconnect failed: ' + e.message;
    }
    await refresh();
  }

  function logOut(message) {
    authorization = null;
    clearInterval(timer);
    $('tunnels').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message;
    $('login-error').hidden = false;
  }

  $('login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const bytes = new TextEncoder().encode($('user').value + ':' + $('password').value);
    authorization = 'Basic ' + btoa(String.fromCharCode(...bytes));
    $('password').value = '';
    $('login-error').hidden = true;
    await refresh();
    if (authorization) {
      $('login').hidden = true;
      timer = setInterval(refresh, REFRESH_MS);
    }
  });
})();
