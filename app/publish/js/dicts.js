// kgportal's dictionary module (app/dicts: pinyin and Simplified → Traditional), asked on the
// 数据发布 page after the first report is shown. It runs in a worker of its own (the worker
// script is the page's <meta name="kg-dicts">, written by scripts/postbuild.mjs, a file of the
// site itself), so that ending the worker once the publication is compiled frees everything the
// dictionaries took: their wasm memory and its compiled code.
let worker = null;
let next = 0;
const waiting = new Map();

function fail(error) {
  for (const w of waiting.values()) w.reject(error);
  waiting.clear();
}

function start(url) {
  if (!worker) {
    worker = new Worker(url, { type: 'module' });
    worker.onmessage = (e) => {
      const w = waiting.get(e.data.id);
      if (!w) return;
      waiting.delete(e.data.id);
      if (e.data.error !== undefined) w.reject(new Error(e.data.error));
      else w.resolve(e.data.out);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fail(new Error(e.message || `无法加载 ${url}`));
      kg_dicts_release();
    };
  }
  return worker;
}

// `items` is one packed buffer of strings (kg_pipeline::publish::pack): it is handed over, not
// copied, and the answer comes back the same way.
function ask(url, kind, items) {
  const w = start(url);
  const id = ++next;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    w.postMessage({ id, kind, items }, [items.buffer]);
  });
}

export function kg_dicts_pinyin(url, names) {
  return ask(url, 'pinyin', names);
}

export function kg_dicts_s2t(url, strings) {
  return ask(url, 's2t', strings);
}

export function kg_dicts_release() {
  if (worker) worker.terminate();
  worker = null;
  fail(new Error('released'));
}
