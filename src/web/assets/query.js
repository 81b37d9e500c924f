// The SPARQL page with JavaScript: YASGUI (served by us from node_modules) takes the place of the
// plain form, starting with the form's query (the default one, or the one a link put in the URL:
// shown, never run by itself). The example list loads a question into the editor without leaving
// the page. Only our endpoint is queried: the page's Content-Security-Policy allows no other.
(function () {
  'use strict';
  var host = document.getElementById('yasgui');
  var textarea = document.getElementById('query');
  var form = textarea && textarea.form;
  if (!host || !form || typeof window.Yasgui !== 'function') return;
  var config = JSON.parse(host.getAttribute('data-config') || '{}');
  var Yasgui = window.Yasgui;
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var narrow = window.matchMedia('(max-width: 40rem)').matches;

  // The share button's link is this page's own form: /sparql?query=… (a browser gets the page with
  // the query in the editor; the hash-encoded links YASGUI makes by default are not read here).
  Yasgui.Tab.prototype.getShareableLink = function () {
    return new URL('/sparql?' + new URLSearchParams({ query: this.getQuery() }).toString(), window.location.href).href;
  };

  // Yasgui merges its defaults into the options array by array, so the lists are set on the defaults:
  // no completion from Linked Open Vocabularies (another origin), and our views after the built-in ones.
  Yasgui.Yasqe.defaults.autocompleters = ['variables', 'prefixes'];
  Yasgui.Yasr.defaults.pluginOrder = ['table', 'response', 'timeline', 'graph'];

  // Shown before YASGUI is made: CodeMirror measures its lines when it starts.
  form.hidden = true;
  host.hidden = false;
  var help = document.getElementById('editor-help');
  if (help) help.hidden = false;

  var yasgui = new Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    copyEndpointOnNewTab: false,
    populateFromUrl: false,
    autofocus: false,
    persistenceId: 'asean-kg-sparql',
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    // On a phone the prefixes are folded to one line and line numbers left out, so the query shows.
    yasqe: { value: config.defaultQuery, resizeable: true, editorHeight: '22rem', collapsePrefixesOnLoad: narrow, lineNumbers: !narrow },
    yasr: { prefixes: config.prefixes, defaultPlugin: 'table' },
  });
  window.aseanKgYasgui = yasgui;

  // YASGUI leaves two fields unnamed for screen readers: CodeMirror's input and the table's page size.
  function nameFields() {
    host.querySelectorAll('.CodeMirror textarea:not([aria-label])').forEach(function (t) {
      t.setAttribute('aria-label', 'SPARQL query');
    });
    host.querySelectorAll('select.tableSizer:not([aria-label])').forEach(function (s) {
      s.setAttribute('aria-label', 'Rows per page');
    });
  }
  nameFields();
  new MutationObserver(nameFields).observe(host, { childList: true, subtree: true });

  function currentTab() {
    return yasgui.getTab();
  }

  /** Shows `query` in a tab: the current one if it is untouched or already holds it, else a new one. */
  function open(query, name) {
    var tab = currentTab();
    if (tab && tab.getQuery() === query) {
      tab.show();
      return;
    }
    var fresh = tab && (tab.getQuery() === config.defaultQuery || tab.getQuery().trim() === '') && !tab.hasResults();
    if (!fresh) tab = yasgui.addTab(true, { name: name || undefined });
    else if (name) tab.setName(name);
    tab.setEndpoint(endpoint);
    tab.setQuery(query);
  }

  // A graph answer (CONSTRUCT, DESCRIBE) opens in the graph view, a table answer in the table; the
  // reader can switch afterwards. The response is set just after this event, hence the timeout.
  yasgui.on('queryResponse', function (_yasgui, tab) {
    window.setTimeout(function () {
      var yasr = tab.getYasr();
      if (!yasr || !yasr.results || yasr.results.hasError()) return;
      var graph = yasr.results.getType() === 'ttl';
      var selected = yasr.getSelectedPluginName();
      if (graph && selected === 'table') yasr.selectPlugin('graph');
      else if (!graph && selected === 'graph') yasr.selectPlugin('table');
    }, 0);
  });

  // Every tab queries our endpoint, whatever an older visit left in the browser's storage.
  Object.keys(yasgui._tabs || {}).forEach(function (id) {
    var tab = yasgui.getTab(id);
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  });

  var fromUrl = new URLSearchParams(window.location.search).get('query');
  var select = document.getElementById('example');
  var about = document.getElementById('example-about');

  function describe(option) {
    if (!about) return;
    about.textContent = '';
    if (!option) return;
    var strong = document.createElement('strong');
    strong.textContent = option.getAttribute('data-title') + ': ';
    about.appendChild(strong);
    about.appendChild(document.createTextNode(option.getAttribute('data-description') || ''));
  }

  function exampleFor(query) {
    if (!select) return null;
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === query) return select.options[i];
    return null;
  }

  if (fromUrl !== null) {
    var named = exampleFor(fromUrl);
    open(fromUrl, named ? named.getAttribute('data-title') : 'Linked query');
    describe(named);
  }

  var exampleForm = document.getElementById('example-form');
  if (exampleForm && select) {
    exampleForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var option = select.options[select.selectedIndex];
      if (!option) return;
      open(option.value, option.getAttribute('data-title'));
      describe(option);
      var url = new URL(window.location.href);
      url.search = new URLSearchParams({ query: option.value }).toString();
      window.history.replaceState(null, '', url.href);
      var editor = host.querySelector('.CodeMirror');
      if (editor) editor.scrollIntoView({ block: 'nearest' });
    });
  }
})();
