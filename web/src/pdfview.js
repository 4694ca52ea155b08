// Draws a PDF's pages into an element with pdf.js, loaded the first time it is needed from the
// folder web/build.sh copies it to (named by <meta name="satu-pdfjs"> in index.html, a path of
// our own origin: the Content-Security-Policy allows scripts and workers from 'self' only).
// Each page becomes a canvas as wide as the element (sharp on high-density screens), labelled
// for screen readers; at most `max` pages, so a long scan does not fill a phone's memory.
let loaded = null;

function pdfjs() {
  if (!loaded) {
    const base = document.querySelector('meta[name="satu-pdfjs"]')?.content;
    if (!base) return Promise.reject(new Error("pdf.js is not part of this build"));
    loaded = import(base + "pdf.min.mjs").then((lib) => {
      lib.GlobalWorkerOptions.workerSrc = base + "pdf.worker.min.mjs";
      return { lib, base };
    });
    loaded.catch(() => { loaded = null; });
  }
  return loaded;
}

// `url`: a blob: URL of the PDF; `label`: the pages' accessible name, "{n}" and "{total}" filled.
// Resolves to the number of pages the document has.
export async function drawPdf(url, element, label, max) {
  const { lib, base } = await pdfjs();
  const task = lib.getDocument({
    url,
    isEvalSupported: false,
    enableXfa: false,
    standardFontDataUrl: base + "standard_fonts/",
    wasmUrl: base + "wasm/",
    iccUrl: base + "iccs/",
  });
  try {
    const doc = await task.promise;
    element.replaceChildren();
    const width = Math.max(element.clientWidth, 240);
    const density = window.devicePixelRatio || 1;
    const total = doc.numPages;
    for (let n = 1; n <= Math.min(total, max); n++) {
      const page = await doc.getPage(n);
      const scale = width / page.getViewport({ scale: 1 }).width;
      const viewport = page.getViewport({ scale: scale * density });
      const canvas = document.createElement("canvas");
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.className = "pdf-page";
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", label.replace("{n}", n).replace("{total}", total));
      canvas.dataset.page = String(n);
      element.append(canvas);
      await page.render({ canvas, viewport }).promise;
      page.cleanup();
    }
    return total;
  } finally {
    task.destroy();
  }
}
