// Load runs against a running ImageCollection stack (started by infra/bench/run.sh): students are seeded through the
// API as the mini-program would, then autocannon measures
//   1. orders created per second (POST /enrollments/{id}/orders: a JSAPI prepay at the WeChat emulator each),
//   2. payment notifications verified and applied per second (signed by the emulator, posted by autocannon),
//   3. 2 MB photo uploads at 200 concurrent connections: the API's peak memory, and that nothing is lost,
//   4. on-site scan-to-shot-number latency,
//   5. walk-up scans (the enrollment made at the station from the collection code) at 20 stations in parallel, while
//      captures are uploaded and the worker checks them.
// Every phase is checked afterwards through the API (orders paid, photos stored and readable, shots unique), and a
// phase that loses or breaks anything makes the run fail.
import autocannon from 'autocannon';
import { readFileSync, readdirSync } from 'node:fs';
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    api: { type: 'string' }, emulator: { type: 'string' }, 'admin-password': { type: 'string' }, 'api-pid': { type: 'string' },
    'worker-pid': { type: 'string' }, 'emulator-pid': { type: 'string' },
    photo: { type: 'string' }, students: { type: 'string', default: '6000' }, connections: { type: 'string', default: '32' },
    'order-connections': { type: 'string', default: '16' },
    uploads: { type: 'string', default: '600' }, 'upload-connections': { type: 'string', default: '200' },
    'scan-students': { type: 'string', default: '300' }, 'scan-seconds': { type: 'string', default: '15' },
    'walkups': { type: 'string', default: '3000' }, stations: { type: 'string', default: '20' },
    'walkup-rate': { type: 'string', default: '2' }, 'walkup-seconds': { type: 'string', default: '20' },
    'capture-connections': { type: 'string', default: '2' },
    // A subset for quicker runs, e.g. --phases payments (orders and notifications only), --phases walkups.
    phases: { type: 'string', default: 'payments,uploads,scans,walkups' },
  },
});
const API = opt.api, EMULATOR = opt.emulator;
const STUDENTS = +opt.students, CONNECTIONS = +opt.connections, ORDER_CONNECTIONS = +opt['order-connections'], UPLOADS = +opt.uploads;
const WARMUP = Math.max(200, Math.round(STUDENTS * 0.2));
// After a warm-up the runtime still compiles the hot paths in the background (tiered JIT): let it finish first.
const settle = () => new Promise(resolve => setTimeout(resolve, 5000));
if (!API || !EMULATOR || !opt['admin-password'] || !opt['api-pid'] || !opt.photo) throw new Error('usage: see infra/bench/run.sh');
if (UPLOADS > STUDENTS - WARMUP) throw new Error('--uploads must not exceed the measured students');
const PHASES = new Set(opt.phases.split(','));
if (PHASES.has('uploads') && !PHASES.has('payments')) throw new Error('the uploads phase uploads for the paid students of the payments phase');

const log = (...a) => console.error('[bench]', ...a);
const failures = [];
const check = (ok, what) => { if (!ok) { failures.push(what); log('FAILED:', what); } };

async function call(method, path, { token, body, headers = {}, base = API, expect } = {}) {
  const response = await fetch(base + path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const text = await response.text();
  if (expect && !expect.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

async function pool(items, width, work) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) { const i = next++; await work(items[i], i); }
  }));
}

// GB 11643 resident ID numbers, one per student index (birth date and sequence from the index: no two alike), from a
// random start so that runs against the same database do not enroll the same person twice.
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_START = Math.floor(Math.random() * 3650 * 800);
function idNumber(index) {
  const i = ID_START + index;
  const birth = new Date(Date.UTC(1996, 0, 1) + (i % 3650) * 864e5).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = '440106' + birth + String(100 + Math.floor(i / 3650)).padStart(3, '0');
  const sum = [...first17].reduce((s, c, k) => s + (+c) * W[k], 0);
  return first17 + '10X98765432'[sum % 11];
}

// CPU seconds by process group (from /proc, 100 ticks a second): where a phase's CPU went, per request.
function cpuSnapshot() {
  const named = { [opt['api-pid']]: 'api', [opt['worker-pid']]: 'worker', [opt['emulator-pid']]: 'emulator' };
  const totals = { api: 0, worker: 0, emulator: 0, postgres: 0, other: 0 };
  for (const pid of readdirSync('/proc').filter(d => /^\d+$/.test(d))) {
    let stat;
    try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { continue; }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = +fields[11] + +fields[12];
    totals[named[pid] ?? (comm === 'postgres' ? 'postgres' : 'other')] += ticks / 100;
  }
  const self = process.cpuUsage();
  totals.loadTool = (self.user + self.system) / 1e6;
  totals.other -= totals.loadTool;
  return totals;
}

function cpuPerRequest(before, after, requests) {
  return Object.fromEntries(Object.keys(after).map(k => [k, +(((after[k] - before[k]) * 1000) / requests).toFixed(2)]));
}

function percentile(sorted, p) { return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p / 100) - 1)]; }

function summary(name, r, ok, statuses) {
  const seconds = r.duration;
  return {
    phase: name, requests: r.requests.total, ok, statuses, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
    seconds: +seconds.toFixed(2), perSecond: +(ok / seconds).toFixed(0),
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
  };
}

// autocannon over a list: each request takes the next item (requests are spread over connections, every item once).
// With a rate, each connection sends at most that many requests a second (autocannon's connectionRate).
function run(title, items, { connections, build, onResponse, rate }) {
  log(`phase: ${title}, ${items.length} requests over ${connections} connections`);
  const cpuBefore = cpuSnapshot();
  // autocannon notices the last answer only at its next one-second tick: time the run by its answers instead.
  const startedAt = performance.now();
  let lastAnswerAt = startedAt;
  let next = 0;
  let ok = 0;
  const statuses = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: API, connections, amount: items.length, timeout: 30, ...(rate ? { connectionRate: rate } : {}),
      requests: [{
        setupRequest: (req, context) => {
          const item = items[Math.min(next++, items.length - 1)];
          context.item = item;
          return { ...req, ...build(item) };
        },
        onResponse: (status, body, context) => {
          lastAnswerAt = performance.now();
          if (status >= 200 && status < 300) ok++;
          statuses[status] = (statuses[status] ?? 0) + 1;
          onResponse?.(status, body, context.item);
        },
      }],
    }, (error, result) => (error ? reject(error)
      : resolve({ ...summary(title, { ...result, duration: (lastAnswerAt - startedAt) / 1000 }, ok, statuses),
        cpuMsPerRequest: cpuPerRequest(cpuBefore, cpuSnapshot(), result.requests.total) })));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

const results = [];
const staff = (await call('POST', '/api/v1/staff/auth/login', { body: { userName: 'admin', password: opt['admin-password'] }, expect: [200] })).json.accessToken;
const school = (await call('POST', '/api/v1/staff/schools', {
  token: staff, expect: [201], body: { name: '压测大学', code: String(10000 + Math.floor(Math.random() * 80000)), regionCode: '19', category: '普通高校' },
})).json;

async function openBatch(collectionType, payer = 'student') {
  const now = Date.now();
  const iso = ms => new Date(ms).toISOString();
  const batch = (await call('POST', '/api/v1/staff/batches', {
    token: staff, expect: [201], body: {
      schoolId: school.id, collectionType,
      terms: {
        population: '全日制', graduationYear: 2027, feeFen: 1500, payer,
        paymentOpensAt: iso(now - 864e5), paymentClosesAt: iso(now + 7 * 864e5), collectionOpensAt: iso(now - 864e5), collectionClosesAt: iso(now + 7 * 864e5),
        submissionLimit: 3, resubmissionWindowHours: 48, allowedBackgrounds: ['light_blue'],
      },
    },
  })).json;
  return (await call('POST', `/api/v1/staff/batches/${batch.id}/open`, { token: staff, expect: [200] })).json;
}

async function enroll(batch, count, offset, body) {
  const students = Array.from({ length: count }, (_, i) => ({ i: offset + i }));
  await pool(students, 16, async s => {
    const login = (await call('POST', '/api/v1/auth/wechat/login', { body: { code: `bench${s.i}.${randomUUID()}` }, expect: [200] })).json;
    s.token = login.accessToken;
    s.enrollment = (await call('POST', `/api/v1/batches/${batch.featureCode}/enrollments`, { token: s.token, expect: [201], body: body(s) })).json.id;
    s.key = randomUUID();
  });
  return students;
}

// ---- requests of the payment paths ----
const orderRequest = s => ({
  method: 'POST', path: `/api/v1/enrollments/${s.enrollment}/orders`, body: '{}',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}`, 'idempotency-key': s.key },
});
const keepOrder = (status, body, s) => { if (status === 200) s.outTradeNo = JSON.parse(body).outTradeNo; };
async function prepared(list) {
  const nos = list.map(s => s.outTradeNo).filter(Boolean);
  if (nos.length === 0) throw new Error('no orders to pay: every order request failed');
  return (await call('POST', '/control/notifications/prepared', { base: EMULATOR, body: { outTradeNos: nos }, expect: [200] })).json;
}
const notifyRequest = n => ({ method: 'POST', path: new URL(n.url).pathname, headers: n.headers, body: n.body });
const messageCount = async () => (await call('GET', '/control/messages/count', { base: EMULATOR, expect: [200] })).json.count;
const messagesSettled = async () => {
  for (let last = -1, now = await messageCount(); now !== last; last = now, now = await messageCount()) await new Promise(r => setTimeout(r, 1500));
};

// ---- seeding, 1. orders, 2. notifications ----
if (PHASES.has('payments')) {
const started = Date.now();
const online = await openBatch('online');
log(`seeding ${STUDENTS} students in batch ${online.featureCode}`);
const students = await enroll(online, STUDENTS, 0, s => ({
  acceptAgreement: true, agreementVersion: '2026-09', method: 'manual', name: '张三', studentNumber: `B${String(s.i).padStart(9, '0')}`,
  sex: 'female', idType: 'resident_id', idNumber: idNumber(s.i), major: '计算机科学与技术', educationLevel: '普通本科',
  schoolName: '压测大学', schoolCategory: '普通高校', email: 'student@example.edu.cn', phone: `139${String(s.i).padStart(8, '0')}`,
}));
log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
const warm = students.slice(0, WARMUP), measured = students.slice(WARMUP);

// Warm-up of both paths first (the worker's message sending too), then the measured runs on a settled stack.
await run('orders (warm-up)', warm, { connections: ORDER_CONNECTIONS, build: orderRequest, onResponse: keepOrder });
await run('notifications (warm-up)', await prepared(warm), { connections: CONNECTIONS, build: notifyRequest });
await messagesSettled();
await settle();

const orders = await run('orders', measured, { connections: ORDER_CONNECTIONS, build: orderRequest, onResponse: keepOrder });
results.push(orders);
check(orders.ok === measured.length, `every order created (${orders.ok} of ${measured.length})`);

const notes = await prepared(measured);
check(notes.length === orders.ok, `the emulator signed a notification for every order (${notes.length})`);
await settle();
const messagesBefore = await messageCount();
const drainCpuBefore = cpuSnapshot();
const drainStarted = performance.now();
const notifications = await run('notifications', notes, { connections: CONNECTIONS, build: notifyRequest });
check(notifications.ok === notes.length, `every notification accepted (${notifications.ok} of ${notes.length})`);
// Each applied payment queues an order-status message (outbox); the worker sends them to the emulator after the commit.
let sent = 0;
for (const deadline = Date.now() + 120e3; Date.now() < deadline; await new Promise(r => setTimeout(r, 100))) {
  sent = (await messageCount()) - messagesBefore;
  if (sent >= notes.length) break;
}
check(sent >= notes.length, `a subscribe message for every payment (${sent} of ${notes.length})`);
results.push({ ...notifications, messages: {
  sent, secondsUntilAllSent: +((performance.now() - drainStarted) / 1000).toFixed(2),
  cpuMsPerPaymentWithMessages: cpuPerRequest(drainCpuBefore, cpuSnapshot(), notes.length),
} });
let paid = 0;
await pool(measured, 16, async s => {
  const list = (await call('GET', `/api/v1/enrollments/${s.enrollment}/orders`, { token: s.token, expect: [200] })).json;
  if (list.some(o => o.status === 'paid')) paid++;
});
check(paid === measured.length, `every measured enrollment paid once its notification was applied (${paid} of ${measured.length})`);

// ---- 3. uploads ----
if (PHASES.has('uploads')) {
const photo = readFileSync(opt.photo);
const boundary = '----bench' + randomBytes(8).toString('hex');
const multipart = Buffer.concat([
  Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
  photo, Buffer.from(`\r\n--${boundary}--\r\n`)]);
const status = () => Object.fromEntries(readFileSync(`/proc/${opt['api-pid']}/status`, 'utf8').split('\n')
  .filter(l => l.startsWith('Vm')).map(l => [l.split(':')[0], Math.round(parseInt(l.split(':')[1]) / 1024)]));
const rssBefore = status().VmRSS;
try { (await import('node:fs')).writeFileSync(`/proc/${opt['api-pid']}/clear_refs`, '5'); } catch { log('cannot reset the peak RSS; VmHWM is since start'); }
let peakSampled = 0;
const sampler = setInterval(() => { peakSampled = Math.max(peakSampled, status().VmRSS); }, 20);
const uploaders = measured.slice(0, UPLOADS);
const uploadRequest = s => ({
  method: 'POST', path: `/api/v1/enrollments/${s.enrollment}/photos`, body: multipart,
  headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${s.token}` },
});
const uploads = await run('uploads (2 MB)', uploaders, {
  connections: +opt['upload-connections'], build: uploadRequest,
  onResponse: (code, body, s) => { s.uploadStatus = code; if (code === 201) s.photo = JSON.parse(body).id; },
});
clearInterval(sampler);
const memory = { rssBeforeMb: rssBefore, peakRssMb: Math.max(status().VmHWM, peakSampled), rssAfterMb: status().VmRSS };
results.push({ ...uploads, memory });
check(uploads.ok === uploaders.length, `every upload answered 201 (${uploads.ok} of ${uploaders.length}; others: ${[...new Set(uploaders.filter(s => s.uploadStatus !== 201).map(s => s.uploadStatus))]})`);
const sha = createHash('sha256').update(photo).digest('hex');
let intact = 0;
await pool(uploaders.filter(s => s.photo), 16, async s => {
  const view = (await call('GET', `/api/v1/photos/${s.photo}`, { token: s.token, expect: [200] })).json;
  const bytes = Buffer.from(await (await fetch(view.originalUrl)).arrayBuffer());
  if (createHash('sha256').update(bytes).digest('hex') === sha) intact++;
});
check(intact === uploaders.length, `every uploaded original is in S3, byte for byte (${intact} of ${uploaders.length})`);
const stats = (await call('GET', `/api/v1/staff/batches/${online.id}/photo-stats`, { token: staff, expect: [200] })).json;
check(stats.total === uploads.ok, `one photo row per accepted upload (${stats.total})`);
// The worker checks them: the next phases start once it has (and the run says how long that took).
const checkedAt = performance.now();
let left = uploads.ok;
for (const deadline = Date.now() + 600e3; left > 0 && Date.now() < deadline; await new Promise(r => setTimeout(r, 1000))) {
  const byStatus = (await call('GET', `/api/v1/staff/batches/${online.id}/photo-stats`, { token: staff, expect: [200] })).json.byStatus;
  left = (byStatus.uploaded ?? 0) + (byStatus.checking ?? 0);
}
check(left === 0, `every upload checked within 10 minutes (${left} left)`);
results.at(-1).checkedAllAfterSeconds = +((performance.now() - checkedAt) / 1000).toFixed(1);
}
}

// ---- 4. on-site scans ----
if (PHASES.has('scans')) {
const onsite = await openBatch('onsite');
const session = (await call('POST', `/api/v1/staff/batches/${onsite.id}/sessions`, {
  token: staff, expect: [201], body: { location: '体育馆', startsAt: new Date(Date.now() - 36e5).toISOString(), endsAt: new Date(Date.now() + 3 * 36e5).toISOString(), stations: 4, groups: ['压测2101'] },
})).json;
const scanStudents = await enroll(onsite, +opt['scan-students'], STUDENTS, s => {
  s.code = `BENCHCODE${String(s.i).padStart(8, '0')}${randomBytes(6).toString('hex')}`;
  return { acceptAgreement: true, agreementVersion: '2026-09', method: 'collection_code', collectionCode: s.code, idLast4: '1234', name: '王五' };
});
await pool(scanStudents, 16, async s => {
  s.outTradeNo = (await call('POST', `/api/v1/enrollments/${s.enrollment}/orders`, { token: s.token, headers: { 'idempotency-key': s.key }, body: {}, expect: [200] })).json.outTradeNo;
});
await run('scan warm-up', await prepared(scanStudents), { connections: 8, build: notifyRequest });
const photographer = staff; // the admin holds every role
// A student scanned again gets the shot they have: a number given to two students is a duplicate.
let scans = 0, seen = new Map(), duplicates = 0;
const scanInstance = await new Promise((resolve, reject) => {
  const instance = autocannon({
    url: API, connections: 4, duration: +opt['scan-seconds'],
    requests: [{
      setupRequest: (req, context) => {
        context.station ??= 1 + (scans++ % 4);
        const s = scanStudents[Math.floor(Math.random() * scanStudents.length)];
        return { ...req, method: 'POST', path: '/api/v1/staff/onsite/scan', headers: { 'content-type': 'application/json', authorization: `Bearer ${photographer}` },
          body: JSON.stringify({ sessionId: session.id, station: context.station, collectionCode: s.code }) };
      },
      onResponse: (code, body) => {
        if (code !== 200) return;
        const shot = JSON.parse(body);
        const key = `${shot.station}:${shot.shotNumber}`;
        if (!seen.has(key)) seen.set(key, shot.enrollmentId); else if (seen.get(key) !== shot.enrollmentId) duplicates++;
      },
    }],
  }, (error, result) => (error ? reject(error) : resolve(result)));
  autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
});
const scan = summary('on-site scan → shot number (4 stations)', scanInstance, scanInstance['2xx']);
results.push(scan);
check(duplicates === 0, `no shot number handed out twice (${duplicates} duplicates)`);
check(scan.ok === scanInstance.requests.total, `every scan answered 200 (${scan.ok} of ${scanInstance.requests.total})`);
}

// ---- 5. walk-up scans at 20 stations while captures are checked ----
if (PHASES.has('walkups')) {
const STATIONS = +opt.stations, WALKUPS = +opt.walkups;
const day = await openBatch('onsite', 'school');
const session = (await call('POST', `/api/v1/staff/batches/${day.id}/sessions`, {
  token: staff, expect: [201], body: { location: '体育馆', startsAt: new Date(Date.now() - 36e5).toISOString(), endsAt: new Date(Date.now() + 3 * 36e5).toISOString(), stations: STATIONS, groups: ['压测2101'] },
})).json;
// Collection codes as the test verifier reads them (Development): the facts of a registered 2027 graduate of the school.
const code = i => 'CHSI-TEST:' + Buffer.from(JSON.stringify({
  chsiStudentId: `bench-${i}-${randomBytes(4).toString('hex')}`, maskedName: '王*', maskedIdNumber: '4401**********1234',
  schoolCode: school.code, graduationYear: 2027, registrationStatus: 'registered',
})).toString('base64url');
const walkUp = { agreementVersion: '2026-09', idLast4: '1234', major: '计算机科学与技术' };
const scanBody = (c, station) => JSON.stringify({ sessionId: session.id, station, collectionCode: c, walkUp });
const scanHeaders = { 'content-type': 'application/json', authorization: `Bearer ${staff}` };
// Warm-up: a few walk-ups per station on the same paths (not counted), then a rest.
const warmCodes = Array.from({ length: STATIONS * 10 }, (_, i) => ({ code: code(`w${i}`), station: 1 + (i % STATIONS) }));
await run('walk-up warm-up', warmCodes, { connections: STATIONS, build: w => ({ method: 'POST', path: '/api/v1/staff/onsite/scan', headers: scanHeaders, body: scanBody(w.code, w.station) }) });
await settle();

// Captures alongside: shots answered are photographed (the bench photo, sent as image/jpeg) a few at a time, so that
// the worker checks captures all through the scans.
const photo = readFileSync(opt.photo);
const numbers = new Map();
let numberClashes = 0, captured = 0, captureErrors = 0, codes = 0, verdictMs = [];
const verdicts = () => {
  const sorted = verdictMs.splice(0).sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: Math.round(percentile(sorted, 50) ?? 0), maxMs: Math.round(sorted.at(-1) ?? 0) };
};
async function walkups(title, count, rate) {
  const shots = [];
  let scanning = true;
  const capturer = async () => {
    while (scanning) {
      const shotId = shots.shift();
      if (!shotId) { await new Promise(r => setTimeout(r, 20)); continue; }
      const r = await fetch(`${API}/api/v1/staff/onsite/shots/${shotId}/photo`, {
        method: 'POST', body: photo, headers: { 'content-type': 'image/jpeg', authorization: `Bearer ${staff}`, 'capture-id': `bench-${shotId}` },
      });
      await r.arrayBuffer();
      if (r.status !== 201) { captureErrors++; continue; }
      captured++;
      // As the station does: poll the shot until the check's verdict is there (a bad shot is retaken on the spot).
      const sent = performance.now();
      for (;;) {
        const view = (await call('GET', `/api/v1/staff/onsite/shots/${shotId}`, { token: staff, expect: [200] })).json;
        if (view.photo?.checkVerdict) { verdictMs.push(performance.now() - sent); break; }
        await new Promise(r => setTimeout(r, 250));
      }
    }
  };
  const capturers = Array.from({ length: +opt['capture-connections'] }, capturer);
  const items = Array.from({ length: count }, (_, i) => ({ code: code(codes++), station: 1 + (i % STATIONS) }));
  const result = await run(title, items, {
    connections: STATIONS, rate,
    build: w => ({ method: 'POST', path: '/api/v1/staff/onsite/scan', headers: scanHeaders, body: scanBody(w.code, w.station) }),
    onResponse: (status, body) => {
      if (status !== 200) return;
      const shot = JSON.parse(body);
      const key = `${shot.station}:${shot.shotNumber}`;
      if (numbers.has(key)) numberClashes++; else numbers.set(key, shot.enrollmentId);
      if (shots.length < 50) shots.push(shot.shotId);
    },
  });
  scanning = false;
  await Promise.all(capturers);
  check(result.ok === count, `every walk-up scan answered 200 (${result.ok} of ${count}: ${JSON.stringify(result.statuses)})`);
  return result;
}
const capturedBefore = () => captured;
const paced = await walkups(`walk-up scans (${STATIONS} stations, ${opt['walkup-rate']}/s each)`,
  STATIONS * +opt['walkup-rate'] * +opt['walkup-seconds'], +opt['walkup-rate']);
results.push({ ...paced, captures: capturedBefore(), verdicts: verdicts() });
await settle();
const flat = await walkups(`walk-up scans (${STATIONS} stations, as fast as answered)`, WALKUPS);
results.push({ ...flat, captures: captured - results.at(-1).captures, verdicts: verdicts() });
check(numberClashes === 0, `no shot number handed out twice (${numberClashes})`);
check(captureErrors === 0, `every capture stored (${captureErrors} refused)`);
check(captured > 0, `captures were checked alongside (${captured})`);
// Every capture gets its verdict from the worker; every walk-up is on the school's statement once photographed.
let stats;
for (const deadline = Date.now() + 120e3; Date.now() < deadline; await new Promise(r => setTimeout(r, 500))) {
  stats = (await call('GET', `/api/v1/staff/batches/${day.id}/photo-stats`, { token: staff, expect: [200] })).json;
  if ((stats.byStatus.pending_review ?? 0) + (stats.byStatus.check_failed ?? 0) >= captured) break;
}
check((stats.byStatus.pending_review ?? 0) + (stats.byStatus.check_failed ?? 0) >= captured,
  `every capture checked (${JSON.stringify(stats.byStatus)} of ${captured})`);
const statement = (await call('GET', `/api/v1/staff/batches/${day.id}/statement`, { token: staff, expect: [200] })).json;
check(statement.photographed === (stats.byStatus.pending_review ?? 0),
  `every walk-up photographed (check passed) on the statement (${statement.photographed} of ${stats.byStatus.pending_review})`);
}

console.log(JSON.stringify({ students: STUDENTS, warmUp: WARMUP, connections: CONNECTIONS, orderConnections: ORDER_CONNECTIONS, results, failures }, null, 2));
if (failures.length) process.exit(1);
