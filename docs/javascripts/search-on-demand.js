// The search index (search/search_index.json, about 137 kB compressed: two
// thirds of the home page) is downloaded only when the reader goes to search.
//
// Material for MkDocs asks for the index as soon as a page loads, with an
// XMLHttpRequest, and has no option to wait (it waits only for file://
// copies, until the search box opens). So this script, loaded just before
// Material's bundle (overrides/main.html), holds that one request back until
// the reader goes to search: the search box focused or clicked, the search
// dialog opened (Material's keyboard shortcuts, F, S and /, open it), or a
// page opened with a search in its address (?q=, or ?h= to highlight a
// result's words). Then Material's own request goes ahead unchanged, and
// its search works as it always does; Material says "Initializing search"
// while the index arrives. Every other request is left alone.

(() => {
  const INDEX = "/search/search_index.json";
  const held = [];
  const query = new URLSearchParams(location.search);
  let wanted = query.has("q") || query.has("h");

  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  const isIndex = new WeakSet();

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    try {
      if (new URL(String(url), location.href).pathname.endsWith(INDEX)) isIndex.add(this);
    } catch {
      // Not an address this script cares about.
    }
    return open.call(this, method, url, ...rest);
  };

  XMLHttpRequest.prototype.send = function (...args) {
    if (!wanted && isIndex.has(this)) {
      held.push(() => send.apply(this, args));
      return undefined;
    }
    return send.apply(this, args);
  };

  const release = () => {
    if (wanted) return;
    wanted = true;
    for (const go of held.splice(0)) {
      try {
        go();
      } catch {
        // Material cancelled the request meanwhile (it aborts on leaving).
      }
    }
  };

  const isSearch = (target) => target instanceof Element
    && target.closest("[data-md-component=search], [for=__search], [data-md-toggle=search]") !== null;
  for (const type of ["focusin", "pointerdown", "change"]) {
    document.addEventListener(type, (event) => {
      if (isSearch(event.target)) release();
    }, { capture: true });
  }
})();
