// The maskface web page: plain browser JavaScript, no build step. It talks to the same server's
// JSON API (see /openapi.json) and draws the faces it gets back on a canvas.
/* global document, localStorage, fetch, FormData, navigator, createImageBitmap, setTimeout */

const $ = (id) => document.getElementById(id);
const KEY_STORAGE = 'maskface.apiKey';
const COLOR_KNOWN = '#2a9d8f';
const COLOR_UNKNOWN = '#e76f51';

const apiKeyInput = $('api-key');
apiKeyInput.value = localStorage.getItem(KEY_STORAGE) ?? '';
apiKeyInput.addEventListener('change', () => localStorage.setItem(KEY_STORAGE, apiKeyInput.value));

function setStatus(id, text, isError = false) {
  const el = $(id);
  el.textContent = text;
  el.classList.toggle('error', isError);
}

/** Calls the API; throws an Error carrying the server's `{ error: { code, message } }`. */
async function api(method, path, body, needsKey = false) {
  const headers = {};
  if (needsKey && apiKeyInput.value !== '') headers['x-api-key'] = apiKeyInput.value;
  const response = await fetch(path, { method, body, headers });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const err = data.error ?? { code: `HTTP_${response.status}`, message: response.statusText };
    throw new Error(`${err.message} [${err.code}]`);
  }
  return data;
}

function labelFor(face) {
  const percent = `${Math.round(face.confidence * 100)}%`;
  return `${face.name} ${percent}${face.masked ? ' · mask' : ''}`;
}

/** Draws the photo and, over it, each face's box and label; boxes are in the server's pixels. */
function drawResult(source, width, height, result) {
  const canvas = $('result-canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(source, 0, 0, width, height);
  const sx = width / result.width;
  const sy = height / result.height;
  const lineWidth = Math.max(2, Math.round(width / 250));
  const fontSize = Math.max(14, Math.round(width / 40));
  ctx.font = `bold ${fontSize}px "DejaVu Sans", sans-serif`;
  ctx.textBaseline = 'bottom';
  for (const face of result.faces) {
    const color = face.name === 'unknown' ? COLOR_UNKNOWN : COLOR_KNOWN;
    const x = face.box.x * sx;
    const y = face.box.y * sy;
    ctx.strokeStyle = color;
    ctx.lineWidth = lineWidth;
    ctx.strokeRect(x, y, face.box.width * sx, face.box.height * sy);
    // The label sits above the box, or inside its top edge when there is no room above.
    const text = labelFor(face);
    const labelWidth = ctx.measureText(text).width + 8;
    const labelHeight = fontSize + 6;
    const labelX = Math.max(0, Math.min(x - lineWidth / 2, width - labelWidth));
    const labelTop = y - labelHeight >= 0 ? y - labelHeight : y;
    ctx.fillStyle = color;
    ctx.fillRect(labelX, labelTop, labelWidth, labelHeight);
    ctx.fillStyle = '#fff';
    ctx.fillText(text, labelX + 4, labelTop + labelHeight - 3);
  }
}

function showFaces(result) {
  const table = $('faces-table');
  const body = table.querySelector('tbody');
  body.replaceChildren();
  result.faces.forEach((face, i) => {
    const row = document.createElement('tr');
    const b = face.box;
    const cells = [i + 1, face.name, face.confidence.toFixed(3), face.threshold.toFixed(3), face.masked === null ? '?' : face.masked ? 'yes' : 'no', [b.x, b.y, b.width, b.height].map(Math.round).join(', ')];
    for (const value of cells) {
      const cell = document.createElement('td');
      cell.textContent = String(value);
      row.append(cell);
    }
    if (face.name === 'unknown') row.classList.add('unknown');
    body.append(row);
  });
  table.hidden = result.faces.length === 0;
  const names = result.faces.map((f) => f.name).join(', ');
  setStatus('recognize-status', result.faces.length === 0 ? 'No face found.' : `${result.faces.length} face(s): ${names} (${result.elapsedMs} ms)`);
}

async function recognizeBlob(blob, filename, source, width, height) {
  const form = new FormData();
  form.append('photo', blob, filename);
  const result = await api('POST', '/recognize', form);
  drawResult(source, width, height, result);
  showFaces(result);
  return result;
}

$('photo-input').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (file === undefined) return;
  setStatus('recognize-status', 'Recognising…');
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    await recognizeBlob(file, file.name, bitmap, bitmap.width, bitmap.height);
  } catch (err) {
    setStatus('recognize-status', err.message, true);
  }
});

// Webcam: frames are grabbed from a <video> into a canvas and sent as JPEG.
let stream = null;
const video = $('webcam');

function setWebcamButtons(on) {
  $('webcam-start').hidden = on;
  $('webcam-capture').hidden = !on;
  $('webcam-live-label').hidden = !on;
  $('webcam-stop').hidden = !on;
  video.hidden = !on;
}

async function captureFrame() {
  const frame = document.createElement('canvas');
  frame.width = video.videoWidth;
  frame.height = video.videoHeight;
  frame.getContext('2d').drawImage(video, 0, 0);
  const blob = await new Promise((resolve) => frame.toBlob(resolve, 'image/jpeg', 0.9));
  return recognizeBlob(blob, 'webcam.jpg', frame, frame.width, frame.height);
}

let liveRunning = false;

async function liveLoop() {
  // One loop at a time, however fast "live" is ticked on and off.
  if (liveRunning) return;
  liveRunning = true;
  try {
    await liveFrames();
  } finally {
    liveRunning = false;
  }
}

async function liveFrames() {
  while (stream !== null && $('webcam-live').checked) {
    try {
      await captureFrame();
    } catch (err) {
      setStatus('recognize-status', err.message, true);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

$('webcam-start').addEventListener('click', async () => {
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    video.srcObject = stream;
    await video.play();
    setWebcamButtons(true);
    setStatus('recognize-status', 'Webcam on: recognise a frame, or tick "live".');
  } catch (err) {
    setStatus('recognize-status', `No webcam: ${err.message}`, true);
  }
});

$('webcam-capture').addEventListener('click', async () => {
  setStatus('recognize-status', 'Recognising…');
  try {
    await captureFrame();
  } catch (err) {
    setStatus('recognize-status', err.message, true);
  }
});

$('webcam-live').addEventListener('change', () => void liveLoop());

$('webcam-stop').addEventListener('click', () => {
  for (const track of stream?.getTracks() ?? []) track.stop();
  stream = null;
  video.srcObject = null;
  $('webcam-live').checked = false;
  setWebcamButtons(false);
});

// People: enrol, list, remove. A server over a trained model (--model) is read only: its people are
// the model's classes, listed without remove buttons, and the enrol form is switched off.
let readOnly = false;

async function refreshPeople() {
  try {
    const { people } = await api('GET', '/people');
    const list = $('people-list');
    list.replaceChildren();
    for (const person of people) {
      const item = document.createElement('li');
      item.dataset.name = person.name;
      const label = document.createElement('span');
      label.textContent = person.photos === null ? `${person.name} (model class)` : `${person.name} (${person.photos} photo${person.photos === 1 ? '' : 's'})`;
      item.append(label);
      if (!readOnly) {
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'remove';
        remove.textContent = 'remove';
        remove.addEventListener('click', () => void removePerson(person.name));
        item.append(remove);
      }
      list.append(item);
    }
    if (readOnly) setStatus('people-status', `${people.length} classes of the trained model (read only).`);
    else setStatus('people-status', people.length === 0 ? 'Nobody is enrolled yet.' : `${people.length} enrolled.`);
  } catch (err) {
    setStatus('people-status', err.message, true);
  }
}

async function removePerson(name) {
  try {
    await api('DELETE', `/people/${encodeURIComponent(name)}`, undefined, true);
    setStatus('people-status', `Removed ${name}.`);
  } catch (err) {
    setStatus('people-status', err.message, true);
    return;
  }
  await refreshPeople();
}

$('enroll-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('enroll-name').value.trim();
  const files = [...$('enroll-photos').files];
  const form = new FormData();
  form.append('name', name);
  for (const file of files) form.append('photos', file, file.name);
  setStatus('enroll-status', `Enrolling ${name}…`);
  $('enroll-submit').disabled = true;
  try {
    const result = await api('POST', '/people', form, true);
    setStatus('enroll-status', `Enrolled ${result.name} from ${result.photos} photo(s).`);
    $('enroll-form').reset();
    await refreshPeople();
  } catch (err) {
    setStatus('enroll-status', err.message, true);
  } finally {
    $('enroll-submit').disabled = false;
  }
});

$('people-refresh').addEventListener('click', () => void refreshPeople());

function showService(service) {
  const t = service.thresholds;
  const models = `${service.detector} + ${service.embedder} · ${t === undefined ? `threshold ${service.threshold}` : `threshold ${t.unmasked} unmasked, ${t.masked} masked`}`;
  if (service.source !== 'model') {
    setStatus('health', models);
    return;
  }
  readOnly = true;
  setStatus('health', `trained model ${service.model} (${service.classes} classes, read only) · ${models}`);
  for (const element of $('enroll-form').elements) element.disabled = true;
  setStatus('enroll-status', 'Enrolment is off: this server recognises with a trained model. Enrol into a gallery (maskface serve --gallery) or retrain with maskface train.');
}

api('GET', '/health')
  .then((health) => showService(health.service))
  .catch((err) => setStatus('health', err.message, true))
  .finally(() => void refreshPeople());
