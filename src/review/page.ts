/** The review page: one contact sheet per person; a click marks a photo excluded (or restores it). */
export function reviewPageHtml(title: string): string {
  const esc = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>maskface review: ${esc}</title>
<style>
  body { font-family: "DejaVu Sans", sans-serif; margin: 1rem 2rem; background: #fafafa; color: #222; }
  header { position: sticky; top: 0; background: #fafafa; padding: .5rem 0; border-bottom: 1px solid #ccc; }
  h2 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
  .sheet { display: flex; flex-wrap: wrap; gap: 6px; }
  figure { margin: 0; position: relative; cursor: pointer; border: 3px solid transparent; }
  figure img { display: block; width: 120px; height: 120px; object-fit: contain; background: #000; }
  figure figcaption { font-size: 10px; width: 120px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
  figure.masked { border-color: #7aa7e0; }
  figure.excluded { border-color: #d22; }
  figure.excluded img { opacity: .35; }
  figure.excluded::after { content: "excluded"; position: absolute; top: 45px; left: 0; width: 120px; text-align: center; color: #d22; font-weight: bold; }
  #status { color: #555; margin-left: 1rem; }
</style>
</head>
<body>
<header><strong>${esc}</strong> <span id="counts"></span><span id="status"></span>
<div>Click a photo to exclude it (click again to restore). Blue border: masked. Choices are saved to review.json at once; run <code>maskface dataset prepare</code> again to apply them.</div></header>
<main id="people"></main>
<script>
const status = document.getElementById('status');
let excludedCount = 0;
function showCounts(total) {
  document.getElementById('counts').textContent = ' ' + total + ' photos, ' + excludedCount + ' excluded';
}
async function load() {
  const sheet = await (await fetch('api/sheet')).json();
  excludedCount = sheet.photos.filter((p) => p.excluded).length;
  const main = document.getElementById('people');
  for (const person of sheet.people) {
    const section = document.createElement('section');
    section.dataset.person = person.person;
    const h = document.createElement('h2');
    h.textContent = person.person + ' (' + person.photoIds.length + ')';
    const grid = document.createElement('div');
    grid.className = 'sheet';
    for (const id of person.photoIds) {
      const p = sheet.photos[id];
      const fig = document.createElement('figure');
      fig.dataset.id = String(id);
      fig.dataset.source = p.source;
      fig.className = p.group + (p.excluded ? ' excluded' : '');
      fig.title = p.source;
      const img = document.createElement('img');
      img.loading = 'lazy';
      img.alt = p.source;
      img.src = 'photo/' + id;
      const cap = document.createElement('figcaption');
      cap.textContent = p.source.split('/').pop() + (p.split ? ' · ' + p.split : '');
      fig.append(img, cap);
      fig.addEventListener('click', () => toggle(fig));
      grid.append(fig);
    }
    section.append(h, grid);
    main.append(section);
  }
  showCounts(sheet.photos.length);
  document.body.dataset.ready = 'true';
}
async function toggle(fig) {
  status.textContent = 'saving…';
  const res = await fetch('api/toggle', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: Number(fig.dataset.id) }) });
  if (!res.ok) { status.textContent = 'not saved: ' + (await res.text()); return; }
  const answer = await res.json();
  fig.classList.toggle('excluded', answer.excluded);
  excludedCount = answer.total;
  showCounts(document.querySelectorAll('figure').length);
  status.textContent = 'saved';
}
load().catch((err) => { status.textContent = 'cannot load: ' + err; });
</script>
</body>
</html>
`;
}
