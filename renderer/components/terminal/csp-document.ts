// xterm.js under the app's strict CSP (style-src 'self', no inline styles): its DOM
// renderer writes CSS into <style> elements (theme, cell size, scrollbar) and colours
// some cells with style="" attributes (true colour, search highlights), both of which the
// CSP blocks. xterm takes a `documentOverride`; this one hands out the same elements
// except that CSS goes through the CSSOM, which the CSP allows: a <style> becomes an inert
// placeholder whose text feeds a constructed stylesheet (document.adoptedStyleSheets),
// and a style attribute becomes element.style.cssText. A few parts of xterm 6 use the
// global document instead of the override: its CoreBrowserService.mainDocument (the
// scrollbar's <style>, created once in open(): `whileOpening` covers it) and the DOM
// renderer's row factory, which colours selected and 24-bit-colour cells with style=""
// (`shimRowFactory` points it at the shim; if a later xterm moves it, the e2e tests'
// CSP check fails rather than the UI silently losing its selection colour).

type CreateElement = (tag: string, options?: ElementCreationOptions) => HTMLElement;

const shims = new WeakMap<Document, { proxy: Document; createElement: CreateElement }>();

export function cspSafeDocument(doc: Document): Document {
  return shimOf(doc).proxy;
}

function shimOf(doc: Document): { proxy: Document; createElement: CreateElement } {
  const known = shims.get(doc);
  if (known) return known;
  // the prototype's: whileOpening shadows doc.createElement with this very shim
  const native = (tag: string, options?: ElementCreationOptions): HTMLElement => Document.prototype.createElement.call(doc, tag, options);
  const createElement: CreateElement = (tag, options) => {
    if (tag.toLowerCase() === 'style') return styleCarrier(doc, native('template'));
    const el = native(tag, options);
    styleAttributeViaCssom(el);
    return el;
  };
  const proxy = new Proxy(doc, {
    get(target, prop) {
      if (prop === 'createElement') return createElement;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const shim = { proxy, createElement };
  shims.set(doc, shim);
  return shim;
}

/** runs `open` (xterm's Terminal.open) with the document's createElement going through the shim */
export function whileOpening(doc: Document, open: () => void): void {
  Object.defineProperty(doc, 'createElement', { value: shimOf(doc).createElement, configurable: true, writable: true });
  try {
    open();
  } finally {
    // the prototype's createElement again
    delete (doc as { createElement?: unknown }).createElement;
  }
}

interface XtermInternals {
  _core?: { _renderService?: { _renderer?: { value?: { _rowFactory?: { _document?: Document } } } } };
}

/** xterm 6's DomRenderer builds rows with the global `document`; give its row factory the shim */
export function shimRowFactory(term: object, doc: Document): boolean {
  const factory = (term as XtermInternals)._core?._renderService?._renderer?.value?._rowFactory;
  if (!factory || factory._document === undefined) return false;
  factory._document = cspSafeDocument(doc);
  return true;
}

/** what xterm uses of a <style>: append it, set textContent, remove it */
function styleCarrier(doc: Document, el: HTMLElement): HTMLElement {
  const sheet = new CSSStyleSheet();
  let css = '';
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  const remove = el.remove.bind(el);
  Object.defineProperties(el, {
    textContent: {
      get: () => css,
      set: (v: string | null) => {
        css = v ?? '';
        sheet.replaceSync(css);
      },
    },
    remove: {
      value: () => {
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
        remove();
      },
    },
  });
  return el;
}

function styleAttributeViaCssom(el: HTMLElement): void {
  const setAttribute = el.setAttribute.bind(el);
  Object.defineProperty(el, 'setAttribute', {
    value: (name: string, value: string) => {
      if (name.toLowerCase() === 'style') el.style.cssText = value;
      else setAttribute(name, value);
    },
  });
}
