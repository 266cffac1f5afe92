// Browser tests for the xcert web platform, driven through headless Debian
// Chromium by playwright-core (no browser download: executablePath points at
// /usr/bin/chromium).
//
//   XC_BASE_URL=http://127.0.0.1:18200 XC_SHOTS=/tmp/shots node run.mjs
//
// The stack must run with the demo data (deploy/stack.sh start DIR PORT demo).
// Output: one line per check, "ok - ..." or "not ok - ..." followed by an
// indented "# reason" line; exit status 1 when any check failed.
//
// Each journey runs in its own browser context (its own cookies).  When a
// step a journey depends on fails (a login, a navigation), the journey's
// remaining checks are still printed, as "not ok" with a "skipped" reason, so
// the number of lines stays the same from run to run.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const BASE = (process.env.XC_BASE_URL || '').replace(/\/+$/, '');
const SHOTS = process.env.XC_SHOTS || '';
if (!BASE || !SHOTS) {
	console.error('usage: XC_BASE_URL=http://127.0.0.1:PORT XC_SHOTS=DIR node run.mjs');
	process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

const PASSWORD = 'Xcert-2026';
const SUITE_LIMIT_MS = 240_000;	// hard stop; the suite normally takes ~40 s (more on a busy machine)

// Seed facts (fcgi/tools/xadmin.c seed_demo, deploy/stack.sh's banner).
// The student 朱鹏飞 logs in with his ID number and holds the unsigned
// certificate ...045; certificate ...001 is confirmed and its holder's ID
// (王思远) is published for trying the public verification.
const STUDENT_ID = '610114200103061011';
const STUDENT_CERT = '15600031012020000000456';		// site_pending
const PUBLIC_CERT = '15600031012020000000016';		// confirmed
const PUBLIC_CERT_HOLDER = '王思远';
const PUBLIC_CERT_ID = '610113200204152012';
const MASKED_ID = /^\d{6}\*{5}\d{3}[\dX]$/;

// ---------------------------------------------------------------- reporting

let total = 0, failed = 0, shotSeq = 0;

function oneLine(s) {
	return String(s ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n')
	    .map((l) => l.trim()).filter(Boolean)[0]?.slice(0, 800) ?? '';
}

function report(ok, desc, reason) {
	total++;
	if (ok) {
		console.log(`ok - ${desc}`);
	} else {
		failed++;
		console.log(`not ok - ${desc}`);
		console.log(`  # ${oneLine(reason) || 'failed'}`);
	}
}

class AssertionError extends Error {}
function assert(cond, msg) {
	if (!cond)
		throw new AssertionError(msg);
}
function assertEq(actual, expected, what) {
	assert(actual === expected,
	    `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

// Console messages and failed sub-resources that mean the page is broken:
// CSP refusals and 404s for anything the page asked for.
function watchPage(page, sink) {
	page.on('console', (msg) => {
		if (msg.type() !== 'error' && msg.type() !== 'warning')
			return;
		const t = msg.text();
		// A page answered with 404 on purpose (e.g. /verify's 未查询到)
		// logs the same message as a missing resource; the response
		// handler below catches missing sub-resources instead.
		if (/status of 404/.test(t) && msg.location()?.url === page.url())
			return;
		if (/Content Security Policy/i.test(t) || /status of 404/.test(t))
			sink.push(`${page.url()}: console: ${t}`);
	});
	page.on('pageerror', (err) => sink.push(`${page.url()}: script error: ${err.message}`));
	page.on('response', (resp) => {
		const req = resp.request();
		if (resp.status() === 404 && !req.isNavigationRequest())
			sink.push(`${page.url()}: 404 for ${req.resourceType()} ${resp.url()}`);
	});
	page.on('requestfailed', (req) => {
		const why = req.failure()?.errorText ?? '';
		if (/blocked/i.test(why))
			sink.push(`${page.url()}: ${req.resourceType()} ${req.url()} blocked (${why})`);
	});
}

class Journey {
	constructor(browser, name, options = {}) {
		this.browser = browser;
		this.name = name;
		this.options = options;
		this.broken = null;
		this.problems = [];
	}

	async open() {
		this.context = await this.browser.newContext({
			locale: 'zh-CN',
			viewport: { width: 1280, height: 800 },
			...this.options,
		});
		this.context.setDefaultTimeout(5000);
		this.context.setDefaultNavigationTimeout(8000);
		this.page = await this.context.newPage();
		watchPage(this.page, this.problems);
		return this.page;
	}

	async #run(desc, fn, fatal) {
		if (this.broken) {
			report(false, desc, `skipped: earlier step failed (${this.broken})`);
			return false;
		}
		try {
			await fn(this.page);
			report(true, desc);
			return true;
		} catch (e) {
			let reason = oneLine(e?.message ?? e);
			if (this.page && !this.page.isClosed()) {
				reason += ` [at ${this.page.url()}]`;
				const f = `fail-${String(++shotSeq).padStart(2, '0')}.png`;
				try {
					await this.page.screenshot({ path: join(SHOTS, f), fullPage: true, timeout: 5000 });
					reason += ` [screenshot ${f}]`;
				} catch { /* the page may be gone */ }
			}
			report(false, desc, reason);
			if (fatal)
				this.broken = desc;
			return false;
		}
	}

	// A step the rest of the journey depends on.
	step(desc, fn) { return this.#run(desc, fn, true); }
	// An assertion; the journey goes on when it fails.
	check(desc, fn) { return this.#run(desc, fn, false); }

	async close() {
		report(this.problems.length === 0,
		    `${this.name}: no CSP violations, script errors or missing (404) resources`,
		    this.problems.slice(0, 4).map((p) => p.slice(0, 170)).join(' | ') +
		    (this.problems.length > 4 ? ` (+${this.problems.length - 4} more)` : ''));
		try { await this.context?.close(); } catch { /* ignore */ }
	}
}

// ---------------------------------------------------------------- helpers

const url = (p) => BASE + p;
const pathIs = (p) => (u) => u.pathname === p;

async function shot(page, name) {
	await page.screenshot({ path: join(SHOTS, name), fullPage: true });
}

async function login(page, account, password = PASSWORD) {
	await page.goto(url('/login'));
	await page.locator('input[name="login"]').fill(account);
	await page.locator('input[name="password"]').fill(password);
	await page.locator('main form[action="/login"]').getByRole('button', { name: '登录' }).click();
}

async function loginHome(page, account, password = PASSWORD) {
	await login(page, account, password);
	await page.waitForURL(pathIs('/'));
	await page.locator('main h1').first().waitFor();
}

async function logout(page) {
	await page.locator('header').getByRole('button', { name: '退出登录' }).click();
	await page.waitForURL(pathIs('/login'));
	await page.locator('input[name="login"]').waitFor();
}

// The confirmation bar the layout shows after a change (?ok=<key>).
async function assertFlash(page, text) {
	const bar = page.locator('main .flash[role="status"]');
	assertEq(await bar.count(), 1, 'confirmation bars (.flash[role=status])');
	assert(await bar.isVisible(), 'the confirmation bar is not visible');
	const t = (await bar.innerText()).trim();
	assert(t.includes(text), `the confirmation says ${JSON.stringify(t)}, want ${JSON.stringify(text)}`);
	const bg = await bar.evaluate((e) => getComputedStyle(e).backgroundColor);
	assert(/^rgb\((\d+), (\d+), (\d+)\)$/.test(bg) && (([, r, g, b]) => +g > +r && +g > +b)(bg.match(/(\d+), (\d+), (\d+)/)),
	    `the bar is not green (background ${bg})`);
}

const h1 = (page) => page.locator('main h1').first().innerText().then((s) => s.trim());
const navLinks = (page) => page.locator('nav.menu a').allInnerTexts().then((a) => a.map((s) => s.trim()));

// The status tabs as { label: count }, e.g. { 全部: 61, 确认签发: 14, ... }.
function tabCounts(page) {
	return page.locator('.tabs a').evaluateAll((as) => Object.fromEntries(as.map((a) => {
		const b = a.querySelector('b');
		const label = a.textContent.replace(b ? b.textContent : '', '').trim();
		return [label, b ? Number(b.textContent.trim()) : NaN];
	})));
}

async function assertCounts(page, want) {
	const got = await tabCounts(page);
	for (const [k, v] of Object.entries(want))
		assertEq(got[k], v, `tab ${k}`);
}

function assertNav(links, has, hasNot = []) {
	for (const l of has)
		assert(links.includes(l), `nav lacks ${l} (has ${links.join(', ')})`);
	for (const l of hasNot)
		assert(!links.includes(l), `nav should not have ${l}`);
}

// ---------------------------------------------------------------- journeys

async function jLoginPage(browser) {
	const j = new Journey(browser, 'login page');
	const page = await j.open();
	await j.step('login page: GET /login answers 200', async () => {
		const r = await page.goto(url('/login'));
		assertEq(r?.status(), 200, 'status');
	});
	await j.check('login page: title contains 登录 and heading is 登录', async () => {
		const t = await page.title();
		assert(t.includes('登录'), `title is ${JSON.stringify(t)}`);
		assertEq(await h1(page), '登录', 'h1');
		assertEq(await page.locator('html').getAttribute('lang'), 'zh-CN', 'html lang');
	});
	await j.check('login page: has login and password inputs and a 登录 button', async () => {
		assertEq(await page.locator('input[name="login"]').count(), 1, 'login inputs');
		assertEq(await page.locator('input[name="password"][type="password"]').count(), 1, 'password inputs');
		assert(await page.locator('main').getByRole('button', { name: '登录' }).isVisible(), 'no visible 登录 button');
	});
	await j.check('login page: stylesheet /static/app.css is loaded and applied', async () => {
		const rules = await page.evaluate(() => [...document.styleSheets]
		    .filter((s) => (s.href || '').endsWith('/static/app.css'))
		    .reduce((n, s) => n + s.cssRules.length, 0));
		assert(rules > 0, 'app.css not loaded (no CSS rules)');
		const bg = await page.locator('header.top').evaluate((e) => getComputedStyle(e).backgroundColor);
		assert(bg !== 'rgba(0, 0, 0, 0)', 'header has no background (CSS not applied)');
	});
	await j.check('login page: screenshot login.png', () => shot(page, 'login.png'));
	await j.close();
}

const ACCOUNTS = [
	{
		role: 'admin', login: 'admin', label: '平台管理员 admin',
		home: async (page) => {
			assertEq(await h1(page), '欢迎，平台管理员', 'h1');
			const tiles = await page.locator('.stats .stat').count();
			assert(tiles >= 4, `expected at least 4 stat tiles, got ${tiles}`);
			const tileText = await page.locator('.stats').innerText();
			for (const w of ['培训评价组织', '试点院校', '学生', '证书'])
				assert(tileText.includes(w), `stat tiles lack ${w}`);
			assertNav(await navLinks(page), ['培训评价组织', '试点院校']);
		},
		what: 'shows 欢迎，平台管理员, 4 stat tiles and nav 培训评价组织/试点院校',
	},
	{
		role: 'org', login: 'zcjy', label: '培训评价组织 zcjy',
		home: async (page) => {
			assert((await page.locator('main').innerText()).includes('中船教育科技(北京)有限公司'),
			    'organisation name not shown');
			await assertCounts(page, { 全部: 61, 考核站点待签发: 47, 确认签发: 14 });
		},
		what: 'shows 中船教育科技(北京)有限公司 and tabs 全部 61 / 考核站点待签发 47 / 确认签发 14',
	},
	{
		role: 'principal', login: 'p21020000000000000000', label: '试点院校负责人 p21020000000000000000',
		home: async (page) => {
			assertEq(await h1(page), '欢迎，李建国', 'h1');
			await assertCounts(page, { 全部: 61, 考核站点待签发: 47, 确认签发: 14 });
			assertNav(await navLinks(page), ['试点院校管理', '业务管理员账号', '学生信息', '证书发放管理', '证书查询']);
		},
		what: 'shows 欢迎，李建国, counts 61/47/14 and the five institution nav items',
	},
	{
		role: 'biz', login: 'biz2102', label: '业务管理员 biz2102',
		home: async (page) => {
			assertEq(await h1(page), '欢迎，张敏', 'h1');
			assertNav(await navLinks(page), ['试点院校管理', '证书发放管理'], ['业务管理员账号']);
			await assertCounts(page, { 全部: 61 });
		},
		what: 'shows 欢迎，张敏, nav has 试点院校管理 but not 业务管理员账号',
	},
	{
		role: 'principal2', login: 'p11010000000000000031', label: '试点院校负责人 p11010000000000000031',
		home: async (page) => {
			assertEq(await h1(page), '欢迎，赵卫东', 'h1');
			await assertCounts(page, { 全部: 8 });
		},
		what: 'shows 欢迎，赵卫东 and only its own certificates (全部 8)',
	},
	{
		role: 'student', login: STUDENT_ID, label: `学生 朱鹏飞 ${STUDENT_ID}`,
		home: async (page) => {
			assertEq(await h1(page), '欢迎，朱鹏飞', 'h1');
			assertEq(await page.locator('main h2', { hasText: '我的证书' }).count(), 1, '我的证书 cards');
			assertEq(await page.locator('nav.menu a', { hasText: '证书发放管理' }).count(), 0,
			    'student nav links to 证书发放管理');
		},
		what: 'shows 欢迎，朱鹏飞 and the 我的证书 card',
		extra: async (j, page) => {
			await j.check(`学生 朱鹏飞: /certs/mine lists ${STUDENT_CERT} as 考核站点待签发 with a masked ID`, async () => {
				await page.getByRole('link', { name: '查看我的证书' }).click();
				await page.waitForURL(pathIs('/certs/mine'));
				const card = page.locator('.certcard', { hasText: STUDENT_CERT });
				assertEq(await card.count(), 1, `cards with ${STUDENT_CERT}`);
				assertEq((await card.locator('.status').innerText()).trim(), '考核站点待签发', 'status');
				const text = await card.innerText();
				assert(text.includes('610114*****1011'), 'masked ID 610114*****1011 not shown');
				assert(text.includes('朱鹏飞'), 'name 朱鹏飞 not shown');
				assert(!text.includes(STUDENT_ID), 'the full ID number is shown');
			});
		},
	},
];

async function jAccount(browser, a) {
	const j = new Journey(browser, `${a.role} home`);
	const page = await j.open();
	await j.step(`${a.label}: logs in and lands on /`, () => loginHome(page, a.login));
	await j.check(`${a.label}: home ${a.what}`, () => a.home(page));
	await j.check(`${a.label}: screenshot ${a.role}-home.png`, () => shot(page, `${a.role}-home.png`));
	if (a.extra)
		await a.extra(j, page);
	await j.step(`${a.label}: 退出登录 returns to /login`, () => logout(page));
	await j.check(`${a.label}: after logout / redirects to /login`, async () => {
		await page.goto(url('/'));
		assertEq(new URL(page.url()).pathname, '/login', 'path');
	});
	await j.close();
}

async function jWrongPassword(browser) {
	// hxzz is used by no other journey, so the failure counted against it
	// by the login throttle does not disturb the other logins.
	const j = new Journey(browser, 'wrong password');
	const page = await j.open();
	await j.step('wrong password: submitting the form answers', async () => {
		await login(page, 'hxzz', 'Wrong-Password-1');
		await page.locator('main .error').waitFor();
	});
	await j.check('wrong password: shows 账号或密码错误 and stays on /login', async () => {
		assertEq((await page.locator('main .error').innerText()).trim(), '账号或密码错误', 'error');
		assertEq(new URL(page.url()).pathname, '/login', 'path');
		assertEq(await page.locator('input[name="password"]').inputValue(), '', 'password field is cleared');
		assertEq(await page.locator('header').getByRole('button', { name: '退出登录' }).count(), 0,
		    'a 退出登录 button (logged in?)');
	});
	await j.close();
}

async function jCerts(browser) {
	const j = new Journey(browser, 'certificate list');
	const page = await j.open();
	await j.step('certs: principal logs in', () => loginHome(page, 'p21020000000000000000'));
	await j.step('certs: 证书管理 > 证书发放管理 opens /certs', async () => {
		await page.locator('nav.menu').getByRole('link', { name: '证书发放管理' }).click();
		await page.waitForURL(pathIs('/certs'));
		assertEq(await h1(page), '证书发放管理', 'h1');
	});
	await j.check('certs: every row shows a masked ID number (6 digits, 5 *, 4 chars)', async () => {
		const ids = await page.locator('table.certs tbody tr td:first-child dd.mono')
		    .evaluateAll((ds) => ds.filter((d) => d.previousElementSibling?.textContent === '身份证号')
			.map((d) => d.textContent.trim()));
		const rows = await page.locator('table.certs tbody tr').count();
		assert(ids.length > 0, 'no ID numbers in the table');
		assertEq(ids.length, rows, 'ID numbers per row');
		const bad = ids.filter((s) => !MASKED_ID.test(s));
		assert(bad.length === 0, `not masked: ${bad.slice(0, 3).join(', ')}`);
	});
	await j.check(`certs: first page has 朱鹏飞 with 610114*****1011 and ${STUDENT_CERT}`, async () => {
		const row = page.locator('table.certs tbody tr', { hasText: STUDENT_CERT });
		assertEq(await row.count(), 1, `rows with ${STUDENT_CERT}`);
		const t = await row.innerText();
		assert(t.includes('朱鹏飞'), 'name 朱鹏飞 missing in the row');
		assert(t.includes('610114*****1011'), 'masked ID missing in the row');
		assert(t.includes('考核站点待签发'), 'status 考核站点待签发 missing in the row');
	});
	await j.check('certs: rows are in record order, oldest first (as the seed lists 朱鹏飞 first)', async () => {
		const ids = await page.locator('table.certs tbody a[href^="/certs/"]').evaluateAll((as) =>
		    [...new Set(as.map((a) => a.getAttribute('href')).filter((h) => /^\/certs\/\d+$/.test(h))
			.map((h) => Number(h.split('/').pop())))]);
		assert(ids.length > 1, 'fewer than two rows');
		assertEq(ids.join(','), [...ids].sort((x, y) => x - y).join(','), 'record order');
		assert((await page.locator('table.certs tbody tr').first().innerText()).includes('朱鹏飞'), '朱鹏飞 is not first');
	});
	await j.check('certs: screenshot certs.png', () => shot(page, 'certs.png'));
	await j.check('certs: filtering by 学生姓名 朱鹏飞: the tabs count what the filter matches, and keep it', async () => {
		await page.locator('main form.filters input[name="name"]').fill('朱鹏飞');
		await submitNav(page, () => page.locator('main form.filters').getByRole('button', { name: '查询' }).click(),
		    (u) => u.pathname === '/certs' && u.searchParams.get('name') === '朱鹏飞', '查询');
		const rows = await page.locator('table.certs tbody tr').count();
		const c = await tabCounts(page);
		assert(rows >= 1 && rows < 61, `${rows} rows for 朱鹏飞`);
		assertEq(c['全部'], rows, 'tab 全部 under the filter');
		const sum = Object.entries(c).filter(([k]) => k !== '全部').reduce((n, [, v]) => n + v, 0);
		assertEq(sum, rows, 'the status tabs add up to the filtered rows');
		const hrefs = await page.locator('.tabs a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		const lost = hrefs.filter((h) => new URL(h, 'http://x').searchParams.get('name') !== '朱鹏飞');
		assert(lost.length === 0, `tab links without the filter: ${lost.join(', ')}`);
		assert((await page.locator('main p.filtered').innerText()).includes('符合条件'), 'no note that the counts follow the filter');
		await shot(page, 'certs-filtered.png');
		await page.locator('.tabs').getByRole('link', { name: /考核站点待签发/ }).click();
		await page.waitForURL((u) => u.searchParams.get('status') === 'site_pending' && u.searchParams.get('name') === '朱鹏飞');
		const st = await page.locator('table.certs tbody .status').allInnerTexts();
		assertEq(st.length, c['考核站点待签发'], 'rows on the 考核站点待签发 tab');
	});
	await j.check('certs: 清除筛选 drops the name filter, keeps the tab, and the counts cover everything again', async () => {
		await page.locator('main p.filtered').getByRole('link', { name: '清除筛选' }).click();
		await page.waitForURL((u) => u.pathname === '/certs' && !u.searchParams.has('name'));
		assertEq(new URL(page.url()).searchParams.get('status'), 'site_pending', 'status kept');
		assertEq(await page.locator('main form.filters input[name="name"]').inputValue(), '', 'name field');
		assertEq(await page.locator('main p.filtered').count(), 0, '清除筛选 shown without a filter');
		await assertCounts(page, { 全部: 61, 考核站点待签发: 47, 确认签发: 14 });
		await page.goto(url('/certs'));
	});
	await j.check('certs: tab 确认签发 shows 14 rows, all 确认签发', async () => {
		await page.locator('.tabs').getByRole('link', { name: /确认签发/ }).click();
		await page.waitForURL((u) => u.pathname === '/certs' && u.searchParams.get('status') === 'confirmed');
		assertEq(await page.locator('table.certs tbody tr').count(), 14, 'rows');
		const st = await page.locator('table.certs tbody .status').allInnerTexts();
		assert(st.every((s) => s.trim() === '确认签发'), `statuses: ${[...new Set(st)].join(', ')}`);
		assertEq(await page.locator('.tabs a.on').count(), 1, 'highlighted tabs');
		assert((await page.locator('.tabs a.on').innerText()).includes('确认签发'), 'the 确认签发 tab is not highlighted');
	});
	await j.close();
}

async function jStaff(browser) {
	const j = new Journey(browser, 'new business admin');
	const page = await j.open();
	const newLogin = 'bizbrowser' + Math.random().toString(36).slice(2, 8);
	const newPassword = 'Browser-Test-2026!';
	let initial = '';
	await j.step('staff: principal logs in and opens /inst/staff', async () => {
		await loginHome(page, 'p21020000000000000000');
		await page.locator('nav.menu').getByRole('link', { name: '业务管理员账号' }).click();
		await page.waitForURL(pathIs('/inst/staff'));
		assertEq(await h1(page), '业务管理员账号', 'h1');
	});
	await j.step(`staff: creating ${newLogin} (测试员) shows the 初始密码 page`, async () => {
		await page.locator('input[name="login"]').fill(newLogin);
		await page.locator('input[name="display_name"]').fill('测试员');
		await page.getByRole('button', { name: '新增' }).click();
		await page.locator('main h1', { hasText: '初始密码' }).waitFor();
		assert((await page.locator('main').innerText()).includes(newLogin), 'the new login is not named');
	});
	await j.check('staff: the one-time password is 12 characters', async () => {
		initial = (await page.locator('.secret code').innerText()).trim();
		assertEq(initial.length, 12, `length of ${JSON.stringify(initial)}`);
	});
	await j.check('staff: screenshot onetime.png', () => shot(page, 'onetime.png'));
	await j.check(`staff: 完成 returns to the list, which shows ${newLogin}`, async () => {
		await page.getByRole('link', { name: '完成' }).click();
		await page.waitForURL(pathIs('/inst/staff'));
		const row = page.locator('table tbody tr', { hasText: newLogin });
		assertEq(await row.count(), 1, 'rows');
		assert((await row.innerText()).includes('测试员'), 'name 测试员 missing');
	});
	await j.step('staff: principal logs out', () => logout(page));
	await j.step('staff: the new account logging in is forced to /password (修改密码)', async () => {
		assert(initial.length > 0, 'no initial password');
		await login(page, newLogin, initial);
		await page.waitForURL(pathIs('/password'));
		assertEq(await h1(page), '修改密码', 'h1');
	});
	await j.check('staff: the forced page explains why (首次登录 notice)', async () => {
		assert((await page.locator('main .notice').innerText()).includes('首次登录'), 'no 首次登录 notice');
	});
	await j.check('staff: screenshot password.png', () => shot(page, 'password.png'));
	await j.check('staff: other pages redirect to /password until the password is changed', async () => {
		await page.goto(url('/certs'));
		assertEq(new URL(page.url()).pathname, '/password', 'path');
	});
	await j.step('staff: setting a new password lands on / with the confirmation 密码已修改', async () => {
		await page.locator('input[name="old_password"]').fill(initial);
		await page.locator('input[name="new_password"]').fill(newPassword);
		await page.locator('input[name="new_password2"]').fill(newPassword);
		await page.getByRole('button', { name: '保存新密码' }).click();
		await page.waitForURL(pathIs('/'));
		await assertFlash(page, '密码已修改');
	});
	await j.check('staff: the new account is a business admin (欢迎，测试员; no 业务管理员账号)', async () => {
		assertEq(await h1(page), '欢迎，测试员', 'h1');
		assertNav(await navLinks(page), ['试点院校管理'], ['业务管理员账号']);
	});
	await j.step('staff: logs out, and the new password logs in', async () => {
		await logout(page);
		await loginHome(page, newLogin, newPassword);
	});
	await j.close();
}

async function jPhone(browser) {
	const j = new Journey(browser, 'phone layout', {
		viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
	});
	const page = await j.open();
	await j.step('phone: principal logs in at 390x844', () => loginHome(page, 'p21020000000000000000'));
	await j.check('phone: home page has no horizontal overflow (scrollWidth <= 391)', async () => {
		const w = await page.evaluate(() => document.documentElement.scrollWidth);
		assert(w <= 391, `scrollWidth is ${w}`);
	});
	await j.check('phone: screenshot phone-home.png', () => shot(page, 'phone-home.png'));
	await j.check('phone: /certs has no page-level horizontal overflow', async () => {
		await page.goto(url('/certs'));
		assertEq(await h1(page), '证书发放管理', 'h1');
		const w = await page.evaluate(() => document.documentElement.scrollWidth);
		assert(w <= 391, `scrollWidth is ${w}`);
		await shot(page, 'phone-certs.png');
	});
	await j.check('phone: /login has no horizontal overflow', async () => {
		await logout(page);
		const w = await page.evaluate(() => document.documentElement.scrollWidth);
		assert(w <= 391, `scrollWidth is ${w}`);
	});
	await j.close();
}

async function jVerify(browser) {
	const j = new Journey(browser, 'public verification');
	const page = await j.open();
	const submit = async (number, idno) => {
		await page.goto(url('/verify'));
		await page.locator('input[name="number"]').fill(number);
		await page.locator('input[name="idno"]').fill(idno);
		await page.locator('main').getByRole('button', { name: '查询' }).click();
	};
	await j.step('verify: /verify opens without login', async () => {
		const r = await page.goto(url('/verify'));
		assertEq(r?.status(), 200, 'status');
		assertEq(new URL(page.url()).pathname, '/verify', 'path');
		assertEq(await h1(page), '证书查询', 'h1');
	});
	await j.check('verify: a bad number shows 证书编号应为23位数字', async () => {
		await submit('12345', '11010519491231002X');
		await page.locator('main .error').waitFor();
		assert((await page.locator('main .error').innerText()).includes('证书编号应为23位数字'),
		    `error is ${JSON.stringify(await page.locator('main .error').innerText())}`);
	});
	await j.check(`verify: ${PUBLIC_CERT} with a wrong ID number shows 未查询到`, async () => {
		await submit(PUBLIC_CERT, '11010519491231002X');
		await page.locator('main .error').waitFor();
		assert((await page.locator('main .error').innerText()).includes('未查询到'), 'no 未查询到');
		assertEq(await page.locator('main h1', { hasText: '证书查询结果' }).count(), 0, 'result pages');
		assertEq(await page.locator('input[name="idno"]').inputValue(), '', 'the ID number is echoed back');
	});
	await j.check('verify: screenshot verify.png', () => shot(page, 'verify.png'));
	await j.check(`verify: ${PUBLIC_CERT} with its holder's ID shows 该证书真实有效 (${PUBLIC_CERT_HOLDER} and the ID masked)`, async () => {
		await submit(PUBLIC_CERT, PUBLIC_CERT_ID);
		await page.locator('main h1', { hasText: '证书查询结果' }).waitFor();
		assertEq((await page.locator('.verified').innerText()).trim(), '该证书真实有效', 'verdict');
		const t = await page.locator('main').innerText();
		const holder = PUBLIC_CERT_HOLDER[0] + '*' + PUBLIC_CERT_HOLDER.slice(-1);
		assert(t.includes(holder), `holder ${holder} (masked) missing`);
		assert(!t.includes(PUBLIC_CERT_HOLDER), 'the full name is shown');
		const masked = PUBLIC_CERT_ID.slice(0, 6) + '*****' + PUBLIC_CERT_ID.slice(14);
		assert(t.includes(masked), `masked ID ${masked} missing`);
		assert(!t.includes(PUBLIC_CERT_ID), 'the full ID number is shown');
		await shot(page, 'verify-result.png');
	});
	await j.check(`verify: unsigned ${STUDENT_CERT} is not public even with the right ID (未查询到)`, async () => {
		await submit(STUDENT_CERT, STUDENT_ID);
		await page.locator('main .error').waitFor();
		assert((await page.locator('main .error').innerText()).includes('未查询到'), 'no 未查询到');
	});
	await j.close();
}

// The public lookup after 3 failures from one address: a CAPTCHA drawn
// by the server, 换一张 for another, the right answer with the right pair
// shows the result; then the certificate's signed QR URL.
async function jVerifyCaptcha(browser) {
	const j = new Journey(browser, 'public verification with a CAPTCHA');
	const page = await j.open();
	const submit = async (number, idno, captcha) => {
		await page.locator('input[name="number"]').fill(number);
		await page.locator('input[name="idno"]').fill(idno);
		if (captcha !== undefined)
			await page.locator('input[name="captcha"]').fill(captcha);
		await page.locator('main').getByRole('button', { name: '查询' }).click();
		await page.waitForLoadState();
	};
	// The answer of the CAPTCHA the page shows: its token is the cookie.
	const answer = async () => {
		const c = (await j.context.cookies()).find((k) => k.name === 'xc_cap');
		assert(c, 'no CAPTCHA cookie');
		const h = createHash('sha256').update(c.value).digest('hex');
		return sql(`SELECT answer FROM verify_captcha WHERE token_hash = UNHEX('${h}')`);
	};
	const capLoaded = () => page.waitForFunction(() => {
		const i = document.querySelector('#captcha-img');
		return i && i.complete && i.naturalWidth === 180;
	});
	await j.step('captcha: a fresh address starts without one', async () => {
		sql('DELETE FROM verify_throttle; DELETE FROM verify_captcha');
		await page.goto(url('/verify'));
		assertEq(await page.locator('#captcha-img').count(), 0, 'CAPTCHA images');
	});
	await j.step('captcha: three wrong ID numbers bring it', async () => {
		for (let i = 0; i < 3; i++)
			await submit(PUBLIC_CERT, '11010519491231002X');
		assert((await page.locator('main .error').innerText()).includes('未查询到'), 'no 未查询到');
		await capLoaded();
		assertEq(Number(sql('SELECT COUNT(*) FROM verify_captcha')), 1, 'CAPTCHAs drawn');
		await shot(page, 'verify-captcha.png');
	});
	await j.check('captcha: 换一张 draws another without leaving the page', async () => {
		const before = await page.locator('#captcha-img').screenshot();
		await page.getByRole('link', { name: '换一张' }).click();
		await page.waitForFunction(() => /\?\d+$/.test(document.querySelector('#captcha-img').src));
		await capLoaded();
		assertEq(new URL(page.url()).pathname, '/verify', 'path');
		assertEq(Number(sql('SELECT COUNT(*) FROM verify_captcha')), 2, 'CAPTCHAs drawn');
		const after = await page.locator('#captcha-img').screenshot();
		assert(!before.equals(after), 'the image did not change');
	});
	await j.check('captcha: a wrong answer is refused and a new one shown', async () => {
		const a = await answer();
		assert(/^\d{5}$/.test(a), `answer ${a}`);
		await submit(PUBLIC_CERT, PUBLIC_CERT_ID, String((Number(a) + 1) % 100000).padStart(5, '0'));
		assert((await page.locator('main .error').innerText()).includes('验证码不正确'), 'no 验证码不正确');
		await capLoaded();
	});
	await j.check('captcha: the right answer with the holder\'s ID shows the result', async () => {
		await submit(PUBLIC_CERT, PUBLIC_CERT_ID, await answer());
		await page.locator('main h1', { hasText: '证书查询结果' }).waitFor();
		assertEq((await page.locator('.verified').innerText()).trim(), '该证书真实有效', 'verdict');
		assert((await page.locator('main').innerText()).includes('王*远'), 'masked name');
		await shot(page, 'verify-captcha-result.png');
	});
	await j.check('qr: the certificate\'s signed URL shows the live status', async () => {
		const p = sql(`SELECT qr_payload FROM certificate WHERE number = '${PUBLIC_CERT}'`);
		const r = await page.goto(url(`/verify/q/${p}`));
		assertEq(r?.status(), 200, 'status');
		assert((await page.locator('main').innerText()).includes('二维码签名有效'), 'no 二维码签名有效');
		assertEq((await page.locator('.verified').innerText()).trim(), '该证书真实有效', 'verdict');
		await shot(page, 'verify-qr.png');
	});
	await j.check('qr: one character changed is refused as forged', async () => {
		const p = sql(`SELECT qr_payload FROM certificate WHERE number = '${PUBLIC_CERT}'`);
		const q = p.slice(0, 60) + (p[60] === 'A' ? 'B' : 'A') + p.slice(61);
		const r = await page.goto(url(`/verify/q/${q}`));
		assertEq(r?.status(), 400, 'status');
		assert((await page.locator('main').innerText()).includes('签名无效'), 'no 签名无效');
		await shot(page, 'verify-qr-forged.png');
	});
	sql('DELETE FROM verify_throttle; DELETE FROM verify_captcha');
	await j.close();
}

// ---------------------------------------------------------------- seal

// A PNG built here from zlib, no image library: 300x300 RGBA, white
// background, a red ring and a red cross, like a scanned seal.
const crcTable = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++)
		c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
// (zlib.crc32 needs Node.js 20.15; Debian 12 ships Node.js 18.)
function crc32(buf) {
	let c = 0xffffffff;
	for (const b of buf)
		c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}
function sealPng(size = 300) {
	const c = (size - 1) / 2, rOut = size * 0.45, rIn = size * 0.39;
	const bar = size * 0.035, arm = size * 0.25;
	const raw = Buffer.alloc((size * 4 + 1) * size);
	for (let y = 0; y < size; y++) {
		const row = y * (size * 4 + 1);
		raw[row] = 0;			// filter: none
		for (let x = 0; x < size; x++) {
			const dx = x - c, dy = y - c, d = Math.hypot(dx, dy);
			const ring = d >= rIn && d <= rOut;
			const cross = (Math.abs(dx) <= bar && Math.abs(dy) <= arm) ||
			    (Math.abs(dy) <= bar && Math.abs(dx) <= arm);
			const red = ring || cross;
			raw.set(red ? [210, 20, 30, 255] : [255, 255, 255, 255], row + 1 + x * 4);
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(size, 0);
	ihdr.writeUInt32BE(size, 4);
	ihdr.set([8, 6, 0, 0, 0], 8);	// 8 bit, RGBA, deflate, no filter set, no interlace
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		pngChunk('IDAT', deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}
const pngWidth = (buf) => buf.length >= 24 && buf.toString('latin1', 12, 16) === 'IHDR' ?
    buf.readUInt32BE(16) : -1;

// The image's naturalWidth once it has loaded (0 when it failed to).
function imgWidth(loc, timeout = 20000) {
	return loc.evaluate((img, ms) => new Promise((resolve) => {
		if (img.complete)
			return resolve(img.naturalWidth);
		const t = setTimeout(() => resolve(img.naturalWidth), ms);
		const done = () => { clearTimeout(t); resolve(img.naturalWidth); };
		img.addEventListener('load', done, { once: true });
		img.addEventListener('error', done, { once: true });
	}), timeout);
}

async function assertImg(loc, what, min = 1) {
	assertEq(await loc.count(), 1, `${what} images`);
	const w = await imgWidth(loc);
	assert(w >= min, `${what}: naturalWidth ${w}, want >= ${min} (src ${await loc.getAttribute('src')})`);
}

const SEAL_PRINCIPAL = 'p21020000000000000000';
const SEAL_BIZ = 'biz2102';

async function jSeal(browser) {
	const j = new Journey(browser, 'seal');
	const page = await j.open();
	const png = sealPng(300);
	let uploadPath = '', version = 0, sealSrc = '';
	await j.step('seal: principal logs in', () => loginHome(page, SEAL_PRINCIPAL));
	await j.step('seal: 机构管理 > 电子签章 opens /inst/seal', async () => {
		const group = page.locator('nav.menu .group', { has: page.locator('.gl', { hasText: '机构管理' }) });
		await group.getByRole('link', { name: '电子签章', exact: true }).click();
		await page.waitForURL(pathIs('/inst/seal'));
	});
	await j.check('seal: page shows 考核站点负责人签名章 and the upload rules (PNG, 1MB, 正方形)', async () => {
		const heads = await page.locator('main h1').allInnerTexts();
		assert(heads.map((s) => s.trim()).includes('考核站点负责人签名章'),
		    `headings are ${heads.join(', ')}`);
		const rules = await page.locator('main ul.rules').innerText();
		for (const w of ['PNG', '1MB', '正方形'])
			assert(rules.includes(w), `the upload rules do not mention ${w}`);
		assertEq(await page.locator('main input[type="file"][name="seal"]').count(), 1, 'file inputs');
	});
	await j.check('seal: the site principal (姓名, 职务 副校长) is saved and kept after reload', async () => {
		const form = page.locator('main form[action="/inst/principal"]');
		const cur = await form.locator('input[name="name"]').inputValue();
		const name = ['陈立新', '周文华', '刘振宇'].find((n) => n !== cur);
		await form.locator('input[name="name"]').fill(name);
		await form.locator('select[name="title"]').selectOption({ label: '副校长' });
		await form.getByRole('button', { name: '保存', exact: true }).click();
		await page.waitForURL(pathIs('/inst/seal'));
		await page.reload();
		assertEq(await form.locator('input[name="name"]').inputValue(), name, '姓名 after reload');
		const sel = await form.locator('select[name="title"]')
		    .evaluate((s) => s.options[s.selectedIndex]?.textContent.trim());
		assertEq(sel, '副校长', '职务 after reload');
	});
	await j.step('seal: uploading a 300x300 PNG (上传并预览效果) opens /inst/seal/upload/<n>', async () => {
		writeFileSync(join(SHOTS, 'seal-upload-source.png'), png);
		await page.locator('main input[type="file"][name="seal"]')
		    .setInputFiles({ name: 'browser-seal.png', mimeType: 'image/png', buffer: png });
		await page.getByRole('button', { name: '上传并预览效果' }).click();
		await page.waitForURL((u) => /^\/inst\/seal\/upload\/\d+$/.test(u.pathname), { timeout: 15000 });
		uploadPath = new URL(page.url()).pathname;
		assertEq(await h1(page), '预览效果', 'h1');
	});
	await j.check('seal: both thumbnails (原图, 自动处理后) load', async () => {
		await assertImg(page.locator('.choices img[alt="原图"]'), '原图');
		await assertImg(page.locator('.choices img[alt="自动处理后"]'), '自动处理后');
	});
	await j.check('seal: both certificate previews load at A4 150 dpi (naturalWidth >= 1700)', async () => {
		await assertImg(page.locator(`.previews img[src="${uploadPath}/preview-cleaned.png"]`),
		    'preview-cleaned', 1700);
		await assertImg(page.locator(`.previews img[src="${uploadPath}/preview-original.png"]`),
		    'preview-original', 1700);
	});
	await j.check('seal: the letter 《电子签名章使用授权委托书》 is visible', async () => {
		const head = page.locator('main h2', { hasText: '《电子签名章使用授权委托书》' });
		assertEq(await head.count(), 1, 'letter headings');
		assert(await head.isVisible(), 'the letter heading is not visible');
		const letter = page.locator('main .letter');
		assert(await letter.isVisible(), 'the letter text is not visible');
		const t = (await letter.innerText()).trim();
		assert(t.length > 50, `the letter text is ${t.length} characters`);
	});
	await j.check('seal: screenshot seal-preview.png', () => shot(page, 'seal-preview.png'));
	await j.check('seal: preview-cleaned.png fetched with the session is an image/png (seal-certificate.png)', async () => {
		const r = await page.request.get(url(`${uploadPath}/preview-cleaned.png`), { timeout: 20000 });
		assertEq(r.status(), 200, 'status');
		const ct = r.headers()['content-type'] ?? '';
		assert(/^image\/png\b/.test(ct), `content-type is ${JSON.stringify(ct)}`);
		const body = await r.body();
		writeFileSync(join(SHOTS, 'seal-certificate.png'), body);
		assert(pngWidth(body) >= 1700, `PNG width ${pngWidth(body)}`);
	});
	await j.check('seal: 保存签章 without ticking the consent is blocked by the browser (required)', async () => {
		const before = page.url();
		const posts = [];
		const onReq = (req) => { if (req.method() === 'POST') posts.push(req.url()); };
		page.on('request', onReq);
		try {
			await page.getByRole('button', { name: '保存签章' }).click();
			await page.waitForTimeout(700);
		} finally {
			page.off('request', onReq);
		}
		assertEq(page.url(), before, 'URL');
		assertEq(posts.length, 0, 'POST requests sent');
		const consent = page.locator('main input[type="checkbox"][name="consent"]');
		assertEq(await consent.evaluate((e) => e.validity.valueMissing), true, 'consent valueMissing');
	});
	await j.step('seal: ticking the consent and 保存签章 (自动处理后) lands on /inst/seal?ok=seal', async () => {
		await page.locator('main input[type="checkbox"][name="consent"]').check();
		const cleaned = page.locator('main input[type="radio"][name="variant"][value="cleaned"]');
		assert(await cleaned.isChecked(), '自动处理后 is not selected');
		await page.getByRole('button', { name: '保存签章' }).click();
		await page.waitForURL((u) => u.pathname === '/inst/seal' && u.searchParams.get('ok') === 'seal');
		const m = (await page.locator('main .sealnow').innerText()).match(/当前签章：第 (\d+) 版/);
		assert(m, 'no 当前签章：第 N 版');
		version = Number(m[1]);
	});
	await j.check('seal: the confirmation 签章已保存 is shown', () => assertFlash(page, '签章已保存'));
	await j.check('seal: the current seal image loads and is labelled 第 N 版（自动处理后）', async () => {
		const img = page.locator('main .sealnow img');
		await assertImg(img, 'current seal');
		sealSrc = (await img.getAttribute('src')) ?? '';
		assert(/^\/inst\/seal\/v\/\d+\.png$/.test(sealSrc), `src is ${sealSrc}`);
		const t = await page.locator('main .sealnow').innerText();
		assert(t.includes(`当前签章：第 ${version} 版`), `text is ${JSON.stringify(oneLine(t))}`);
		assert(t.includes('自动处理后'), 'variant 自动处理后 not shown');
	});
	await j.check('seal: the history table lists 第 N 版 as 当前', async () => {
		const rows = page.locator('main table tbody tr');
		assert(await rows.count() >= 1, 'no history rows');
		const cur = rows.filter({ has: page.locator('.tag', { hasText: '当前' }) });
		assertEq(await cur.count(), 1, 'rows tagged 当前');
		const t = await cur.innerText();
		assert(t.includes(`第 ${version} 版`), `the 当前 row is ${JSON.stringify(oneLine(t))}`);
		await assertImg(cur.locator('img.thumb'), 'history thumbnail');
	});
	await j.check('seal: screenshot seal-saved.png', () => shot(page, 'seal-saved.png'));
	await j.check('seal: 查看加盖在证书上的效果 opens a page with the certificate centred, no console errors', async () => {
		const seen = j.problems.length;
		const errors = [];
		const onMsg = (m) => { if (m.type() === 'error') errors.push(m.text()); };
		page.on('console', onMsg);
		try {
			await page.getByRole('link', { name: '查看加盖在证书上的效果' }).click();
			await page.waitForURL((u) => /^\/inst\/seal\/v\/\d+\/preview$/.test(u.pathname));
			assertEq(await h1(page), '签章加盖在证书上的效果', 'h1');
			const img = page.locator('main figure img');
			await assertImg(img, 'certificate preview', 1700);
			const box = await img.boundingBox();
			const main = await page.locator('main .card').boundingBox();
			const left = box.x - main.x, right = main.x + main.width - (box.x + box.width);
			assert(Math.abs(left - right) <= 2, `not centred: ${Math.round(left)} px left, ${Math.round(right)} px right`);
			await page.waitForTimeout(300);
			await shot(page, 'seal-view.png');
		} finally {
			page.off('console', onMsg);
		}
		assertEq(errors.length, 0, `console errors: ${errors.slice(0, 2).join(' | ')}`);
		assertEq(j.problems.length, seen, `problems: ${j.problems.slice(seen).join(' | ')}`);
		await page.goBack();
	});
	await j.step('seal: principal logs out, biz2102 logs in', async () => {
		await logout(page);
		await loginHome(page, SEAL_BIZ);
	});
	await j.check('seal: biz2102 has no 电子签章 in the menu', async () => {
		assertNav(await navLinks(page), ['试点院校管理'], ['电子签章']);
		assertEq(await page.locator('a[href="/inst/seal"]').count(), 0, 'links to /inst/seal');
	});
	await j.check('seal: biz2102 on /inst/seal gets the 404 page (您访问的页面不存在)', async () => {
		const r = await page.goto(url('/inst/seal'));
		assertEq(r?.status(), 404, 'status');
		const t = await page.locator('main').innerText();
		assert(t.includes('您访问的页面不存在'), `page says ${JSON.stringify(oneLine(t))}`);
		assertEq(await page.locator('main input[name="seal"]').count(), 0, 'upload forms');
	});
	await j.check('seal: biz2102 fetching /inst/seal/v/1.png (and the current seal) gets 404', async () => {
		for (const p of ['/inst/seal/v/1.png', sealSrc].filter(Boolean)) {
			const r = await page.request.get(url(p), { maxRedirects: 0 });
			assertEq(r.status(), 404, `${p} status`);
			const ct = r.headers()['content-type'] ?? '';
			assert(!/^image\//.test(ct), `${p} content-type ${ct}`);
		}
	});
	await j.close();
}

async function jSealPhone(browser) {
	const j = new Journey(browser, 'seal phone', {
		viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
	});
	const page = await j.open();
	await j.step('seal phone: principal logs in at 390x844', () => loginHome(page, SEAL_PRINCIPAL));
	await j.check('seal phone: /inst/seal has no horizontal overflow (scrollWidth <= 391)', async () => {
		await page.goto(url('/inst/seal'));
		await page.locator('main ul.rules').waitFor();
		const w = await page.evaluate(() => document.documentElement.scrollWidth);
		assert(w <= 391, `scrollWidth is ${w}`);
		await shot(page, 'phone-seal.png');
	});
	await j.close();
}

// ---------------------------------------------------------------- students

const INST_PRINCIPAL = 'p21020000000000000000';
const INST_CODE = '21020000000000000000';
const ORG_STAFF = 'zcjy';

// A Beijing calendar date `days` from today, as <input type=date> wants it.
function beijingDate(days = 0) {
	return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}

const randDigits = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
const pick = (a) => a[Math.floor(Math.random() * a.length)];

// The ISO 7064 MOD 11-2 check character of the first 17 digits.
function idCheckChar(first17) {
	const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
	const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i], 0);
	return '10X98765432'[sum % 11];
}

// A synthetic resident ID number (大连 region, born 2000-2005, random
// sequence) and the gender its 17th digit gives (odd 男).
function syntheticId() {
	const y = 2000 + Math.floor(Math.random() * 6);
	const m = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0');
	const d = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
	const first17 = `210211${y}${m}${d}${randDigits(3)}`;
	return { id: first17 + idCheckChar(first17), gender: Number(first17[16]) % 2 ? '男' : '女' };
}
const maskId = (id) => id.slice(0, 6) + '*****' + id.slice(14);

// The number on a badge (0 when there is none).
async function badgeOf(loc) {
	if (await loc.count() === 0)
		return 0;
	const t = (await loc.first().innerText()).trim();
	assert(/^\d+$/.test(t), `badge text ${JSON.stringify(t)}`);
	return Number(t);
}
const todoBadge = (page) => badgeOf(page.locator('nav.menu a[href="/students/corrections"] .badge'));
const unreadBadge = (page) => badgeOf(page.locator('header a[href="/notifications"] .badge'));

// Click something that posts a form and wait for the main frame to commit a
// document whose URL satisfies pred (the URL may not change, e.g. a POST
// that redirects back to the page it came from).  On a timeout the page's
// error message, if any, goes into the reason.
async function submitNav(page, click, pred, what = 'navigation') {
	const nav = page.waitForEvent('framenavigated', {
		predicate: (f) => f === page.mainFrame() && pred(new URL(f.url())), timeout: 8000,
	});
	await click();
	try {
		await nav;
	} catch (e) {
		let says = '';
		try {
			says = (await page.locator('main .error, main .fielderr').allInnerTexts()).join(' / ');
		} catch { /* ignore */ }
		throw new Error(`${what} did not happen (${oneLine(e.message)})${says ? `; page says: ${says}` : ''}`);
	}
	await page.waitForLoadState('domcontentloaded');
}

async function openNav(page, group, item, path) {
	const g = page.locator('nav.menu .group', { has: page.locator('.gl', { hasText: group }) });
	await g.locator('a', { hasText: item }).first().click();
	await page.waitForURL(pathIs(path));
}

// Rows of the 待完善 table that name no student (an empty-state row with
// colspan aside): a stray loop iteration in the template.
async function assertNoBlankFlagRows(page) {
	const blank = await page.locator('main table').first().locator('tbody tr').evaluateAll((trs) => trs
	    .filter((tr) => !tr.querySelector('td[colspan]') && ![...tr.querySelectorAll('a')].some((a) =>
		/^\/students\/\d+$/.test(a.getAttribute('href') || '') && a.textContent.trim() !== ''))
	    .map((tr) => tr.innerText.replace(/\s+/g, ' ').trim()));
	assert(blank.length === 0, `${blank.length} row(s) without a student: ${JSON.stringify(blank.slice(0, 3))}`);
}

const tagText = (row) => row.locator('.tag').allInnerTexts().then((a) => a.map((s) => s.trim()).join(' '));

async function jCorrections(browser) {
	const j = new Journey(browser, 'corrections round trip');
	const page = await j.open();
	const run = Math.random().toString(36).slice(2, 8);
	const deadline = beijingDate(5);
	const targets = [
		{ label: '手机号码', input: 'phone', value: '139' + randDigits(8),
		    note: `浏览器测试 ${run}：手机号码与本人不符，请核实` },
		{ label: '专业', input: 'major', value: `船舶焊接技术（${run}）`,
		    note: `浏览器测试 ${run}：专业名称不规范，请按专业目录填写` },
	];
	const before = { todo: 0, unread: 0, orgTodo: 0 };
	const row = (t) => page.locator('main table tbody tr', { hasText: t.note });

	await j.step('corrections: principal logs in, its 待完善 and 通知 badges are read, logs out', async () => {
		await loginHome(page, INST_PRINCIPAL);
		before.todo = await todoBadge(page);
		before.unread = await unreadBadge(page);
		await logout(page);
	});
	await j.step('corrections: zcjy logs in and opens 学生管理 > 学生信息 (/students)', async () => {
		await loginHome(page, ORG_STAFF);
		before.orgTodo = await todoBadge(page);
		await openNav(page, '学生管理', '学生信息', '/students');
		assertEq(await h1(page), '学生信息', 'h1');
	});
	await j.step(`corrections: /students lists at least two students of ${INST_CODE} without open flags`, async () => {
		const rows = page.locator('main table tbody tr', { hasText: INST_CODE });
		const found = await rows.evaluateAll((trs) => trs
		    .filter((tr) => !tr.querySelector('.tag.warn'))
		    .map((tr) => tr.querySelector('td a'))
		    .filter((a) => a && a.textContent.trim() !== '朱鹏飞')
		    .map((a) => ({ name: a.textContent.trim(), href: a.getAttribute('href') })));
		assert(found.length >= 2, `only ${found.length} such students on the first page`);
		targets[0].student = found[0];
		targets[1].student = found[1];
	});
	for (const [i, t] of targets.entries()) {
		const n = i + 1;
		await j.step(`corrections: student ${n}: clicking the name opens /students/<id>`, async () => {
			await page.goto(url('/students'));
			await page.locator(`main table tbody a[href="${t.student.href}"]`).first().click();
			await page.waitForURL(pathIs(t.student.href));
			assertEq(await h1(page), t.student.name, 'h1');
		});
		await j.step(`corrections: student ${n}: 标记需要完善 ${t.label} (完善期限 +5 days) and 通知院校完善 returns to the student page`, async () => {
			const form = page.locator('main form[action$="/flag"]');
			await form.locator('select[name="field"]').selectOption({ label: t.label });
			await form.locator('input[name="note"]').fill(t.note);
			await form.locator('input[name="deadline"]').fill(deadline);
			await submitNav(page, () => form.getByRole('button', { name: '通知院校完善' }).click(),
			    (u) => u.pathname === t.student.href, '通知院校完善');
		});
		await j.check(`corrections: student ${n}: the student page confirms 已通知学校`, () => assertFlash(page, '已通知学校'));
		await j.check(`corrections: student ${n}: 待完善信息 lists the ${t.label} flag as 待完善 with the deadline`, async () => {
			const r = row(t);
			assertEq(await r.count(), 1, 'rows with the note');
			const text = await r.innerText();
			assert(text.includes(t.label), `row lacks ${t.label}: ${oneLine(text)}`);
			assert(text.includes(deadline), `row lacks the deadline ${deadline}: ${oneLine(text)}`);
			assertEq(await tagText(r), '待完善', 'status');
		});
	}

	await j.step('corrections: zcjy logs out, the principal logs in', async () => {
		await logout(page);
		await loginHome(page, INST_PRINCIPAL);
	});
	await j.check('corrections: principal menu 待完善 badge grew by 2', async () => {
		assertEq(await todoBadge(page), before.todo + 2, `待完善 badge (was ${before.todo})`);
	});
	await j.check('corrections: principal header 通知 has an unread badge, grown by at least 2', async () => {
		const u = await unreadBadge(page);
		assert(u >= before.unread + 2, `通知 badge ${u}, was ${before.unread}`);
	});
	await j.step('corrections: principal opens 学生管理 > 待完善 (/students/corrections)', async () => {
		await openNav(page, '学生管理', '待完善', '/students/corrections');
		assertEq(await h1(page), '待完善学生信息', 'h1');
	});
	await j.check('corrections: both flags are listed as 待完善 with 修改 and 确认完善', async () => {
		for (const t of targets) {
			const r = row(t);
			assertEq(await r.count(), 1, `rows for ${t.label}`);
			const text = await r.innerText();
			assert(text.includes(t.student.name), `${t.label} row lacks ${t.student.name}`);
			assert(text.includes(t.label) && text.includes(deadline), `${t.label} row: ${oneLine(text)}`);
			assertEq(await tagText(r), '待完善', `${t.label} status`);
			assertEq(await r.getByRole('link', { name: '修改' }).count(), 1, `${t.label} 修改 links`);
			assertEq(await r.getByRole('button', { name: '确认完善' }).count(), 1, `${t.label} 确认完善 buttons`);
		}
	});
	await j.check('corrections: principal 待完善 table has no rows without a student', () => assertNoBlankFlagRows(page));
	await j.check('corrections: screenshot corrections-inst.png', () => shot(page, 'corrections-inst.png'));
	for (const [i, t] of targets.entries()) {
		const n = i + 1;
		await j.step(`corrections: flag ${n} (${t.label}): 修改 opens the student's edit form`, async () => {
			await row(t).getByRole('link', { name: '修改' }).click();
			await page.waitForURL(pathIs(`${t.student.href}/edit`));
			assertEq(await h1(page), '编辑学生信息', 'h1');
		});
		await j.step(`corrections: flag ${n} (${t.label}): saving a new value lands on the student page`, async () => {
			t.old = await page.locator(`main input[name="${t.input}"]`).inputValue();
			await page.locator(`main input[name="${t.input}"]`).fill(t.value);
			await submitNav(page, () => page.locator('main form').getByRole('button', { name: '保存' }).click(),
			    (u) => u.pathname === t.student.href, '保存');
		});
		await j.check(`corrections: flag ${n} (${t.label}): the student page confirms 已保存`, () => assertFlash(page, '已保存'));
		await j.check(`corrections: flag ${n} (${t.label}): the student page shows the value and a 修改记录 row for it`, async () => {
			const facts = await page.locator('main dl.facts').innerText();
			assert(facts.includes(t.value), `${t.value} not shown in the record`);
			const hist = page.locator('main section', { has: page.locator('h2', { hasText: '修改记录' }) })
			    .locator('tbody tr').first();
			const cells = (await hist.locator('td').allInnerTexts()).map((s) => s.trim());
			assertEq(cells[2], t.label, 'latest 修改记录 信息项');
			assertEq(cells[3], t.old, 'latest 修改记录 原值');
			assertEq(cells[4], t.value, 'latest 修改记录 新值');
		});
		await j.step(`corrections: flag ${n} (${t.label}): back on 待完善, 确认完善 answers`, async () => {
			await openNav(page, '学生管理', '待完善', '/students/corrections');
			await submitNav(page, () => row(t).getByRole('button', { name: '确认完善' }).click(),
			    (u) => u.pathname === '/students/corrections', '确认完善');
			await assertFlash(page, '已确认完善');
		});
		await j.check(`corrections: flag ${n} (${t.label}): the row shows 已确认完善 and no more buttons`, async () => {
			const r = row(t);
			assertEq(await r.count(), 1, 'rows');
			assertEq(await tagText(r), '已确认完善', 'status');
			assertEq(await r.locator('.actions a, .actions button').count(), 0, 'actions left');
		});
	}
	await j.check('corrections: principal menu 待完善 badge is back to its value before the round trip', async () => {
		assertEq(await todoBadge(page), before.todo, '待完善 badge');
	});

	await j.step('corrections: principal logs out, zcjy logs in', async () => {
		await logout(page);
		await loginHome(page, ORG_STAFF);
	});
	await j.check('corrections: zcjy menu 待完善 badge grew by the 2 confirmed flags', async () => {
		assertEq(await todoBadge(page), before.orgTodo + 2, `待完善 badge (was ${before.orgTodo})`);
	});
	await j.step('corrections: zcjy opens 学生管理 > 待完善', async () => {
		await openNav(page, '学生管理', '待完善', '/students/corrections');
		assertEq(await h1(page), '待完善学生信息', 'h1');
	});
	await j.check('corrections: zcjy 待完善 review shows each field\'s old and new value before 验收通过', async () => {
		for (const t of targets) {
			const dl = row(t).locator('dl.change');
			assertEq(await dl.count(), 1, `${t.label}: old/new lists`);
			const cells = (await dl.locator('dt, dd').allInnerTexts()).map((x) => x.trim());
			assertEq(cells.join('|'), `原值|${t.old}|新值|${t.value}`, `${t.label} old/new`);
		}
		await shot(page, 'corrections-review.png');
	});
	await j.check(`corrections: zcjy sees both as 已确认完善 with 验收通过, and institution ${INST_CODE}`, async () => {
		for (const t of targets) {
			const r = row(t);
			assertEq(await r.count(), 1, `rows for ${t.label}`);
			assertEq(await tagText(r), '已确认完善', `${t.label} status`);
			assertEq(await r.getByRole('button', { name: '验收通过' }).count(), 1, `${t.label} 验收通过 buttons`);
			assert((await r.innerText()).includes(INST_CODE), `${t.label} row lacks ${INST_CODE}`);
		}
	});
	for (const [i, t] of targets.entries()) {
		await j.check(`corrections: flag ${i + 1} (${t.label}): 验收通过 turns it into 已验收`, async () => {
			await submitNav(page, () => row(t).getByRole('button', { name: '验收通过' }).click(),
			    (u) => u.pathname === '/students/corrections', '验收通过');
			await assertFlash(page, '已验收通过');
			const r = row(t);
			assertEq(await r.count(), 1, 'rows');
			assertEq(await tagText(r), '已验收', 'status');
			assertEq(await r.locator('.actions button, .actions summary').count(), 0, 'actions left');
		});
	}
	await j.check('corrections: zcjy menu 待完善 badge is back to its value before', async () => {
		assertEq(await todoBadge(page), before.orgTodo, '待完善 badge');
	});
	await j.check('corrections: zcjy 待完善 table has no rows without a student', () => assertNoBlankFlagRows(page));
	await j.check('corrections: screenshot corrections-org.png', () => shot(page, 'corrections-org.png'));
	await j.close();
}

const CSV_HEADER = '姓名,性别,证件类型,证件号码,学生类型,手机号码,专业,班级';
const csvFile = (name, lines) => ({
	name, mimeType: 'text/csv', buffer: Buffer.from([CSV_HEADER, ...lines].join('\r\n') + '\r\n', 'utf8'),
});

async function jImport(browser) {
	const j = new Journey(browser, 'student import');
	const page = await j.open();
	const names = ['林晓东', '韩雪梅', '高志远', '宋佳怡', '唐海涛', '苏婉清'];
	let a = syntheticId(), b = syntheticId();
	while (b.id.slice(0, 17) === a.id.slice(0, 17))
		b = syntheticId();
	const good = [a, b];
	const importForm = page.locator('main form[action="/students/import"]');
	const upload = async (file) => {
		await importForm.locator('input[type="file"][name="file"]').setInputFiles(file);
		await submitNav(page, () => importForm.getByRole('button', { name: '导入' }).click(),
		    (u) => u.pathname === '/students/import', '导入');
		await page.locator('main h2', { hasText: '导入结果' }).waitFor();
	};
	await j.step('import: principal logs in', () => loginHome(page, INST_PRINCIPAL));
	await j.step('import: 学生信息 > 批量导入 opens /students/import', async () => {
		await openNav(page, '学生管理', '学生信息', '/students');
		await page.locator('main').getByRole('link', { name: '批量导入' }).click();
		await page.waitForURL(pathIs('/students/import'));
		assertEq(await h1(page), '批量导入学生', 'h1');
	});
	await j.check('import: a UTF-8 CSV with 2 valid rows says 已导入 2 名学生', async () => {
		const lines = good.map((g, i) =>
		    `${pick(names)},${g.gender},居民身份证,${g.id},院校学生,138${randDigits(8)},焊接技术与自动化,焊接21${i + 1}班`);
		await upload(csvFile('browser-import.csv', lines));
		const ok = page.locator('main .notice.ok');
		assertEq(await ok.count(), 1, 'success notices');
		const t = (await ok.innerText()).replace(/\s+/g, ' ').trim();
		assert(t.includes('已导入 2 名学生'), `notice is ${JSON.stringify(t)}`);
		assertEq(await page.locator('main .error').count(), 0, 'error boxes');
	});
	await j.check('import: both new students are found on /students by their 证件号码 (masked)', async () => {
		for (const g of good) {
			await page.goto(url('/students'));
			await page.locator('main form.filters input[name="idno"]').fill(g.id);
			await page.locator('main form.filters').getByRole('button', { name: '查询' }).click();
			await page.waitForURL((u) => u.pathname === '/students' && u.searchParams.has('idx'));
			assert(!page.url().includes(g.id), 'the ID number is in the URL');
			const rows = page.locator('main table tbody tr', { hasText: INST_CODE });
			assertEq(await rows.count(), 1, `rows for ${maskId(g.id)}`);
			const t = await rows.innerText();
			assert(t.includes(maskId(g.id)), `row lacks ${maskId(g.id)}: ${oneLine(t)}`);
			assert(!t.includes(g.id), 'the full ID number is shown');
		}
	});
	await j.check('import: a row with a wrong check digit is reported (第 2 行, 校验位错误) and nothing is imported', async () => {
		await page.goto(url('/students/import'));
		const bad = syntheticId();
		const wrong = '0123456789X'.replace(bad.id[17], '')[Math.floor(Math.random() * 10)];
		const badId = bad.id.slice(0, 17) + wrong;
		await upload(csvFile('browser-import-bad.csv',
		    [`${pick(names)},${bad.gender},居民身份证,${badId},院校学生,,焊接技术与自动化,焊接2101`]));
		const err = (await page.locator('main .error').first().innerText()).trim();
		assert(err.includes('本次没有导入任何学生'), `error box says ${JSON.stringify(err)}`);
		const rows = page.locator('main table tbody tr');
		assertEq(await rows.count(), 1, 'error rows');
		const cells = (await rows.first().locator('td').allInnerTexts()).map((s) => s.trim());
		assertEq(cells[0], '第 2 行', 'row cell');
		assert(cells[2].includes('校验位错误'), `reason is ${JSON.stringify(cells[2])}`);
		assertEq(await page.locator('main .notice.ok').count(), 0, 'success notices');
	});
	await j.check('import: screenshot import.png', () => shot(page, 'import.png'));
	await j.close();
}

async function jStudentPage(browser) {
	const j = new Journey(browser, 'student page');
	const page = await j.open();
	const masked = maskId(STUDENT_ID);
	let href = '';
	await j.step('student: principal logs in and finds 朱鹏飞 on /students', async () => {
		await loginHome(page, INST_PRINCIPAL);
		await openNav(page, '学生管理', '学生信息', '/students');
		await page.locator('main form.filters input[name="name"]').fill('朱鹏飞');
		await page.locator('main form.filters').getByRole('button', { name: '查询' }).click();
		await page.waitForURL((u) => u.pathname === '/students' && u.searchParams.get('name') === '朱鹏飞');
		const r = page.locator('main table tbody tr', { hasText: masked });
		assertEq(await r.count(), 1, `rows with ${masked}`);
		href = await r.getByRole('link', { name: '朱鹏飞' }).getAttribute('href');
	});
	await j.step('student: clicking the name opens the student page', async () => {
		await page.locator(`main table tbody a[href="${href}"]`).first().click();
		await page.waitForURL(pathIs(href));
		assertEq(await h1(page), '朱鹏飞', 'h1');
	});
	await j.check(`student: the ID number is masked (${masked}) with a 查看 button`, async () => {
		const t = await page.locator('main dl.facts').innerText();
		assert(t.includes(masked), `masked ID missing: ${oneLine(t)}`);
		assert(!t.includes(STUDENT_ID), 'the full ID number is shown');
		assertEq(await page.locator('main dl.facts').getByRole('button', { name: '查看' }).count(), 1, '查看 buttons');
	});
	await j.check('student: 查看 shows the full ID number with （本次查看已记录）', async () => {
		await submitNav(page, () => page.locator('main dl.facts').getByRole('button', { name: '查看' }).click(),
		    (u) => u.pathname === `${href}/reveal`, '查看');
		const dd = page.locator('main dl.facts dd', { has: page.locator('.reveal') });
		assertEq((await dd.locator('.reveal').innerText()).trim(), STUDENT_ID, 'full ID');
		assert((await dd.innerText()).includes('（本次查看已记录）'), `dd is ${JSON.stringify(await dd.innerText())}`);
		assertEq(await page.locator('main dl.facts').getByRole('button', { name: '查看' }).count(), 0, '查看 buttons');
	});
	await j.check('student: screenshot student.png', () => shot(page, 'student.png'));
	await j.check('student: opening the page again shows the masked number again', async () => {
		await page.goto(url(href));
		const t = await page.locator('main dl.facts').innerText();
		assert(t.includes(masked) && !t.includes(STUDENT_ID), `facts: ${oneLine(t)}`);
	});
	await j.close();
}

// The page does not scroll sideways at 390 px, and every table of main sits
// in a .tablewrap that scrolls by itself.
async function assertNoOverflow(page) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	assert(w <= 391, `page scrollWidth is ${w}`);
	const bad = await page.locator('main table').evaluateAll((ts) => ts.map((t) => {
		const wrap = t.closest('.tablewrap');
		if (!wrap)
			return 'a table outside .tablewrap';
		const ox = getComputedStyle(wrap).overflowX;
		if (ox !== 'auto' && ox !== 'scroll')
			return `.tablewrap overflow-x is ${ox}`;
		if (wrap.getBoundingClientRect().right > 391)
			return `.tablewrap ends at x=${Math.round(wrap.getBoundingClientRect().right)}`;
		return '';
	}).filter(Boolean));
	assert(bad.length === 0, bad.join('; '));
}

// The fields of a form.grid line up: labels side by side start at the same
// height and so do their inputs; labels above one another start at the same x.
async function assertFormAligned(page, form) {
	const boxes = await page.locator(form).first().evaluate((f) => [...f.querySelectorAll(':scope > label')].map((l) => {
		const c = l.querySelector('input, select, textarea');
		const lb = l.getBoundingClientRect(), cb = c.getBoundingClientRect();
		return { name: c.name, top: lb.top, bottom: lb.bottom, left: lb.left, right: lb.right, ctop: cb.top, cleft: cb.left, cw: cb.width };
	}));
	assert(boxes.length >= 2, `only ${boxes.length} fields in ${form}`);
	const bad = [];
	for (const a of boxes)
		for (const b of boxes) {
			if (a === b)
				continue;
			const sameRow = a.top < b.bottom && b.top < a.bottom;
			const sameCol = a.left < b.right && b.left < a.right;
			if (sameRow && (Math.abs(a.top - b.top) > 1 || Math.abs(a.ctop - b.ctop) > 1))
				bad.push(`${a.name}/${b.name}: label tops ${Math.round(a.top)}/${Math.round(b.top)}, inputs ${Math.round(a.ctop)}/${Math.round(b.ctop)}`);
			if (sameCol && (Math.abs(a.cleft - b.cleft) > 1 || Math.abs(a.cw - b.cw) > 1))
				bad.push(`${a.name}/${b.name}: inputs at x ${Math.round(a.cleft)}/${Math.round(b.cleft)}, widths ${Math.round(a.cw)}/${Math.round(b.cw)}`);
		}
	assert(bad.length === 0, [...new Set(bad)].slice(0, 3).join('; '));
}

// The photo widget: its file field and button share the photo column's edges.
async function assertPhotoAligned(page) {
	const [col, file, btn] = await Promise.all(['main .studenthead .photo', 'main .photoform input[type="file"]',
	    'main .photoform button'].map((q) => page.locator(q).boundingBox()));
	assert(col && file && btn, 'the photo widget is incomplete');
	assert(Math.abs(file.x - col.x) <= 1, `file field at x ${Math.round(file.x)}, column at ${Math.round(col.x)}`);
	assert(file.x + file.width <= col.x + col.width + 1, 'the file field sticks out of the photo column');
	assert(btn.x + btn.width <= col.x + col.width + 1, 'the upload button sticks out of the photo column');
	assert(btn.y >= file.y + file.height - 1 || Math.abs(btn.y + btn.height - (file.y + file.height)) <= 2,
	    'the upload button overlaps the file field');
}

async function jLayout(browser, phone) {
	const tag = phone ? 'phone' : 'desktop';
	const j = new Journey(browser, `form layout ${tag}`, phone ?
	    { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } :
	    { viewport: { width: 1280, height: 800 } });
	const page = await j.open();
	let href = '';
	await j.step(`layout ${tag}: principal logs in and opens a student`, async () => {
		await loginHome(page, INST_PRINCIPAL);
		await page.goto(url('/students'));
		href = await page.locator('main table tbody td a[href^="/students/"]').first().getAttribute('href');
		await page.goto(url(href));
		assertEq(new URL(page.url()).pathname, href, 'path');
	});
	await j.check(`layout ${tag}: the photo widget lines up with its column`, async () => {
		await assertPhotoAligned(page);
		await shot(page, `layout-${tag}-student.png`);
	});
	await j.check(`layout ${tag}: the edit form (with the 证件号码 hint) lines up`, async () => {
		await page.goto(url(`${href}/edit`));
		assertEq(await h1(page), '编辑学生信息', 'h1');
		await assertFormAligned(page, 'main form.grid');
		await shot(page, `layout-${tag}-edit.png`);
	});
	await j.step(`layout ${tag}: principal logs out, zcjy logs in`, async () => {
		await logout(page);
		await loginHome(page, ORG_STAFF);
	});
	await j.check(`layout ${tag}: the 新建考试计划 form lines up`, async () => {
		await page.goto(url('/students/plans'));
		await assertFormAligned(page, 'main form[action="/students/plans"]');
		await shot(page, `layout-${tag}-plans.png`);
	});
	await j.close();
}

async function jStudentsPhone(browser) {
	const j = new Journey(browser, 'students phone', {
		viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2,
	});
	const page = await j.open();
	await j.step('students phone: principal logs in at 390x844', () => loginHome(page, INST_PRINCIPAL));
	await j.check('students phone: /students has no page overflow; its table scrolls inside .tablewrap', async () => {
		await page.goto(url('/students'));
		assertEq(await h1(page), '学生信息', 'h1');
		await assertNoOverflow(page);
		const wrap = page.locator('main .tablewrap').first();
		const [sw, cw] = await wrap.evaluate((e) => [e.scrollWidth, e.clientWidth]);
		assert(sw > cw, `the student table fits (${sw} <= ${cw}): nothing to scroll`);
		await shot(page, 'phone-students.png');
	});
	await j.check('students phone: principal /students/corrections has no page overflow', async () => {
		await page.goto(url('/students/corrections'));
		assertEq(await h1(page), '待完善学生信息', 'h1');
		await assertNoOverflow(page);
		await shot(page, 'phone-corrections-inst.png');
	});
	await j.step('students phone: principal logs out, zcjy logs in', async () => {
		await logout(page);
		await loginHome(page, ORG_STAFF);
	});
	await j.check('students phone: zcjy /students/corrections (with its flags) has no page overflow', async () => {
		await page.goto(url('/students/corrections'));
		assertEq(await h1(page), '待完善学生信息', 'h1');
		await assertNoOverflow(page);
		await shot(page, 'phone-corrections-org.png');
	});
	await j.close();
}


// ---------------------------------------------------------------- 操作三

// SQL as the database administrator, to arrange what a journey needs
// (the journey itself goes through the browser).
function sql(q) {
	const v = process.env.XC_VAR;
	assert(v, 'XC_VAR is not set');
	return execFileSync('mariadb', ['--no-defaults', '-S', `${v}/run/db.sock`, '-uroot', '-N',
	    'xcert', '-e', q], { encoding: 'utf8' }).trim();
}

// What a phone camera reads from the QR code image on the page.
async function readQr(page, sel) {
	const img = page.locator(sel);
	await img.waitFor();
	await page.waitForFunction((s) => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth > 0; }, sel);
	const src = await img.getAttribute('src');
	const r = await page.request.get(url(src));
	assertEq(r.status(), 200, 'QR image status');
	const f = join(SHOTS, `qr-${++shotSeq}.png`);
	writeFileSync(f, await r.body());
	const got = execFileSync('zbarimg', ['-q', '--raw', f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	assert(got.startsWith(BASE + '/s/'), `the QR code holds ${JSON.stringify(got)}`);
	return got;
}

// Draw a signature on the pad with the mouse (or a finger on a phone).
// 替换 that corrects a holder's name: zcjy replaces a confirmed demo
// certificate (姓名有误) with its signature; the principal's edit form
// then says the name may be corrected, and the correction is saved
// (frozen before the replacement, as t0220 checks over HTTP).
async function jReplaceName(browser) {
	const j = new Journey(browser, 'replace-name');
	const page = await j.open();
	const inst = sql("SELECT id FROM institution WHERE code = '21020000000000000000'");
	const id = sql(`SELECT c.id FROM certificate c WHERE c.institution_id = ${inst}
	    AND c.status = 'confirmed' AND c.issued_on = '2020-09-15' AND c.replaces_id IS NULL
	    AND NOT EXISTS (SELECT 1 FROM certificate_revocation v WHERE v.certificate_id = c.id)
	    AND (SELECT COUNT(*) FROM certificate x WHERE x.student_id = c.student_id) = 1
	    ORDER BY c.id LIMIT 1`);
	const student = sql(`SELECT student_id FROM certificate WHERE id = ${id}`);
	const name = '邱浏览';
	await j.step('replace: zcjy replaces a certificate, 姓名有误, with a signature', async () => {
		assert(id !== '', 'no confirmed certificate to replace');
		await loginHome(page, 'zcjy');
		await page.goto(url(`/certs/${id}`));
		await page.locator('form#revoke textarea[name="reason"]').fill('姓名有误，按身份证更正');
		await drawSignature(page);
		await submitNav(page, () => page.getByRole('button', { name: /签字并替换/ }).click(),
		    (u) => /^\/certs\/\d+$/.test(u.pathname) && u.pathname !== `/certs/${id}`, '签字并替换');
		assert((await page.locator('#replaces').innerText()).length > 10, 'the new record links back');
		await shot(page, 'replace-new.png');
		await logout(page);
	});
	await j.step('replace: the principal\'s edit form allows the correction', async () => {
		await loginHome(page, 'p21020000000000000000');
		await page.goto(url(`/students/${student}/edit`));
		assert((await page.locator('#replacing').innerText()).includes('现在可以更正姓名'), 'notice');
		assertEq(await page.locator('#frozen').count(), 0, 'frozen notice');
		await page.locator('main input[name="name"]').fill(name);
		await shot(page, 'replace-edit.png');
		await submitNav(page, () => page.getByRole('button', { name: '保存' }).click(),
		    pathIs(`/students/${student}`), '保存');
		assertEq(sql(`SELECT name FROM student WHERE id = ${student}`), name, 'name saved');
		await shot(page, 'replace-saved.png');
	});
	await j.close();
}

async function drawSignature(page) {
	const c = page.locator('form[data-sign-pad] canvas');
	await c.scrollIntoViewIfNeeded();
	const b = await c.boundingBox();
	assert(b && b.width > 100, 'no signature pad');
	const y0 = b.y + b.height / 2;
	await page.mouse.move(b.x + b.width * 0.15, y0);
	await page.mouse.down();
	for (let i = 0; i <= 40; i++)
		await page.mouse.move(b.x + b.width * (0.15 + 0.7 * i / 40), y0 + Math.sin(i / 4) * b.height * 0.25);
	await page.mouse.up();
	await page.mouse.move(b.x + b.width * 0.3, y0 - b.height * 0.3);
	await page.mouse.down();
	await page.mouse.move(b.x + b.width * 0.35, y0 + b.height * 0.3, { steps: 10 });
	await page.mouse.up();
}

async function signOnPhone(browser, signUrl, shotName) {
	const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 },
	    isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
	try {
		const ph = await ctx.newPage();
		const r = await ph.goto(signUrl);
		assertEq(r?.status(), 200, 'phone page status');
		assert((await ph.locator('main').innerText()).includes('份'), 'the phone page shows no summary');
		await shot(ph, `${shotName}-before.png`);
		await drawSignature(ph);
		await Promise.all([ph.waitForNavigation(), ph.locator('form[data-sign-pad]').getByRole('button', { name: '确认签发' }).click()]);
		const t = await ph.locator('main').innerText();
		assert(t.includes('签字成功'), `the phone says ${JSON.stringify(oneLine(t))}`);
		await shot(ph, `${shotName}-done.png`);
		return t;
	} finally {
		await ctx.close();
	}
}

async function jSignBatch(browser) {
	const j = new Journey(browser, 'batch signing');
	const page = await j.open();
	let signUrl = '';
	await j.step('sign: principal logs in', () => loginHome(page, 'p21020000000000000000'));
	await j.step('sign: tabs read 全部 61, 考核站点待签发 47, 确认签发 14', async () => {
		await page.goto(url('/certs'));
		await assertCounts(page, { 全部: 61, 考核站点待签发: 47, 确认签发: 14 });
	});
	await j.step('sign: on 考核站点待签发 at 50 per page, select all 47 and click 批量确认签发', async () => {
		await page.goto(url('/certs?status=site_pending&per=50'));
		const boxes = page.locator('table.certs tbody input[type="checkbox"][name="id"]');
		assertEq(await boxes.count(), 47, 'row checkboxes');
		await page.locator('input[data-select-all]').first().check();
		assertEq(await page.locator('table.certs tbody input[name="id"]:checked').count(), 47, 'checked rows');
		await shot(page, 'sign-selected.png');
		await submitNav(page, () => page.getByRole('button', { name: '批量确认签发' }).first().click(),
		    (u) => /^\/certs\/sign\/\d+$/.test(u.pathname), '批量确认签发');
		const t = await page.locator('main').innerText();
		assert(t.includes('47') && t.includes('份'), `the request page does not say 47: ${oneLine(t)}`);
	});
	await j.step('sign: the QR code, read by zbarimg as a phone camera would, holds the signing URL', async () => {
		signUrl = await readQr(page, 'img#signqr');
		await shot(page, 'sign-qr.png');
	});
	await j.step('sign: on the phone (390 px), the page shows what is signed; a drawn signature is accepted', async () => {
		const t = await signOnPhone(browser, signUrl, 'sign-phone');
		assert(t.includes('47'), 'the phone does not say 47');
	});
	await j.check('sign: the desktop page shows the outcome within 2 s', async () => {
		await page.locator('main .flash[role="status"]', { hasText: '签字确认完成' }).waitFor({ timeout: 2000 });
		await shot(page, 'sign-done.png');
	});
	await j.check('sign: the used QR URL changes nothing now (already signed)', async () => {
		const r = await page.request.get(signUrl);
		assertEq(r.status(), 200, 'status');
		const t = await r.text();
		assert(t.includes('签字成功') && !t.includes('data-sign-pad'), 'the used URL offers a pad again');
	});
	await j.check('sign: tabs now read 确认签发 61, 考核站点待签发 0', async () => {
		await page.goto(url('/certs'));
		await assertCounts(page, { 全部: 61, 考核站点待签发: 0, 确认签发: 61 });
		await shot(page, 'sign-after.png');
	});
	await j.check('sign: a record shows its history with the site signature', async () => {
		await page.goto(url('/certs?status=confirmed&number=' + STUDENT_CERT));
		await page.locator('table.certs tbody a', { hasText: '查看' }).first().click();
		await page.waitForURL((u) => /^\/certs\/\d+$/.test(u.pathname));
		const t = await page.locator('main').innerText();
		assert(t.includes('考核站点确认签发') && t.includes('李建国'), `history: ${oneLine(t)}`);
		await shot(page, 'sign-history.png');
	});
	await j.check('sign: the exported XLSX holds 61 rows (openpyxl)', async () => {
		await page.goto(url('/certs'));
		const [dl] = await Promise.all([page.waitForEvent('download'),
		    page.getByRole('link', { name: '批量导出发证记录' }).first().click()]);
		const f = join(SHOTS, 'export.xlsx');
		await dl.saveAs(f);
		const n = execFileSync('/usr/bin/python3', ['-c', 'import sys, openpyxl; ws = openpyxl.load_workbook(sys.argv[1]).active; '
		    + 'print(sum(1 for r in ws.iter_rows(min_row=2) if any(c.value for c in r)))', f], { encoding: 'utf8' }).trim();
		assertEq(n, '61', 'data rows in the XLSX');
	});
	await j.close();
}

// The organisation's path on a fresh exam plan: generate, sign, the
// institution rejects one, the organisation re-issues, the principal signs.
async function jSignOrgPath(browser) {
	const j = new Journey(browser, 'organisation path');
	const page = await j.open();
	const planName = `浏览器测试考试计划 ${Date.now() % 100000}`;
	let plan = '', signUrl = '';
	await j.step('org path: a fresh exam plan with 5 passed students at 21020000000000000000 (arranged by SQL)', async () => {
		sql(`INSERT INTO exam_plan (organisation_id, certificate_type_id, name, exam_date)
		    SELECT 1, id, '${planName}', '2026-11-20' FROM certificate_type WHERE organisation_id = 1 AND level = '中级' LIMIT 1`);
		plan = sql(`SELECT id FROM exam_plan WHERE name = '${planName}'`);
		sql(`INSERT INTO exam_site (plan_id, institution_id) VALUES (${plan}, 1)`);
		sql(`INSERT INTO registration (plan_id, student_id, institution_id)
		    SELECT ${plan}, s.id, 1 FROM student s WHERE s.institution_id = 1 AND NOT EXISTS (SELECT 1 FROM correction_flag f WHERE f.student_id = s.id)
		    ORDER BY s.id LIMIT 5`);
		sql(`INSERT INTO exam_result (plan_id, student_id, site_id, status, score)
		    SELECT plan_id, student_id, 1, '已通过', 91.0 FROM registration WHERE plan_id = ${plan}`);
		assertEq(sql(`SELECT COUNT(*) FROM exam_result WHERE plan_id = ${plan}`), '5', 'results');
	});
	await j.step('org path: 培训评价组织 logs in and generates the pending list', async () => {
		await loginHome(page, 'zcjy');
		await page.goto(url('/certs/generate'));
		const row = page.locator('main table tbody tr', { hasText: planName });
		await submitNav(page, () => row.getByRole('button', { name: '生成待签发名单' }).click(),
		    (u) => u.pathname === '/certs' && u.searchParams.get('plan') === plan, '生成待签发名单');
		await assertFlash(page, '已生成待签发名单');
		assertEq(await page.locator('table.certs tbody tr').count(), 5, 'rows of the new plan');
		await shot(page, 'orgpath-generated.png');
	});
	await j.step('org path: the organisation batch-signs them on this screen (在本机签字)', async () => {
		await page.locator('input[data-select-all]').first().check();
		await submitNav(page, () => page.getByRole('button', { name: '批量确认签发' }).first().click(),
		    (u) => /^\/certs\/sign\/\d+$/.test(u.pathname), '批量确认签发');
		await page.getByRole('link', { name: /在本机签字/ }).click();
		await page.waitForURL((u) => /\/here$/.test(u.pathname));
		await drawSignature(page);
		await submitNav(page, () => page.locator('form[data-sign-pad]').getByRole('button', { name: '确认签发' }).click(),
		    (u) => /^\/certs\/sign\/\d+$/.test(u.pathname), '确认签发');
		await page.locator('main .flash', { hasText: '签字确认完成' }).waitFor();
		assertEq(sql(`SELECT COUNT(*) FROM certificate WHERE plan_id = ${plan} AND status = 'site_pending'`), '5', 'site_pending');
		await shot(page, 'orgpath-org-signed.png');
	});
	await j.step('org path: the principal rejects one with a reason', async () => {
		await logout(page);
		await loginHome(page, 'p21020000000000000000');
		await page.goto(url(`/certs?plan=${plan}&status=site_pending`));
		await page.locator('table.certs tbody a', { hasText: '查看' }).first().click();
		await page.waitForURL((u) => /^\/certs\/\d+$/.test(u.pathname));
		await page.locator('form#reject textarea[name="reason"]').fill('照片与本人不符，请核对<b>后</b>重新签发');
		await submitNav(page, () => page.locator('form#reject').getByRole('button', { name: '拒绝签发' }).click(),
		    (u) => /^\/certs\/\d+$/.test(u.pathname) && u.searchParams.get('ok') === 'rejected', '拒绝签发');
		await assertFlash(page, '已拒绝签发');
		const t = await page.locator('main').innerText();
		assert(t.includes('考核站点拒绝签发') && t.includes('照片与本人不符，请核对<b>后</b>重新签发'), 'the reason, escaped');
		await shot(page, 'orgpath-rejected.png');
	});
	await j.step('org path: the organisation sees the reason and re-issues', async () => {
		const id = new URL(page.url()).pathname.split('/').pop();
		await logout(page);
		await loginHome(page, 'zcjy');
		await page.goto(url(`/certs/${id}`));
		assert((await page.locator('main').innerText()).includes('照片与本人不符'), 'no reason for the organisation');
		await submitNav(page, () => page.getByRole('button', { name: '重新签发' }).click(),
		    (u) => u.searchParams.get('ok') === 'reissued', '重新签发');
		await assertFlash(page, '已重新签发');
		assert((await page.locator('main .status').first().innerText()).includes('考核站点待签发'), 'back to 考核站点待签发');
		await shot(page, 'orgpath-reissued.png');
	});
	await j.step('org path: the principal signs all five by phone', async () => {
		await logout(page);
		await loginHome(page, 'p21020000000000000000');
		await page.goto(url(`/certs?plan=${plan}&status=site_pending`));
		assertEq(await page.locator('table.certs tbody tr').count(), 5, 'pending rows');
		await page.locator('input[data-select-all]').first().check();
		await submitNav(page, () => page.getByRole('button', { name: '批量确认签发' }).first().click(),
		    (u) => /^\/certs\/sign\/\d+$/.test(u.pathname), '批量确认签发');
		signUrl = await readQr(page, 'img#signqr');
		await signOnPhone(browser, signUrl, 'orgpath-phone');
		await page.locator('main .flash', { hasText: '签字确认完成' }).waitFor({ timeout: 2000 });
		assertEq(sql(`SELECT COUNT(*) FROM certificate WHERE plan_id = ${plan} AND status = 'confirmed' AND issued_on = DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)`), '5', 'confirmed today');
		await shot(page, 'orgpath-done.png');
	});
	await j.close();
}

// Share codes (issue 12): the holder of the published certificate makes a
// 7-day share code in 分享码与查验记录, an anonymous visitor checks the
// certificate with it on 分享码查询, and the holder sees that check.  The
// admin's key page and the batch page are looked at on the way.
async function jShareCode(browser) {
	const j = new Journey(browser, 'share code');
	const page = await j.open();
	let code = '';
	await j.step('share: 王思远 logs in and opens 分享码与查验记录 from 我的证书', async () => {
		await loginHome(page, PUBLIC_CERT_ID);
		await page.goto(url('/certs/mine'));
		await page.getByRole('link', { name: '分享码与查验记录' }).first().click();
		await page.waitForURL(pathIs('/verify/mine'));
		assertEq(await h1(page), '分享码与查验记录', 'h1');
	});
	await j.step('share: a 7-day code for the certificate, shown once', async () => {
		const card = page.locator('main .certcard', { hasText: PUBLIC_CERT });
		await card.locator('select[name="days"]').selectOption('7');
		await submitNav(page, () => card.getByRole('button', { name: '生成分享码' }).click(),
		    pathIs('/verify/mine/codes'), '生成分享码');
		code = (await page.locator('main .secret code').innerText()).trim();
		assert(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(code), `code ${code}`);
		assert((await page.locator('main').innerText()).includes('7天内有效'), 'validity not shown');
		await shot(page, 'share-code-new.png');
	});
	const v = new Journey(browser, 'share code (employer)');
	const vp = await v.open();
	await v.step('share: an anonymous visitor finds 分享码查询 on 证书查询', async () => {
		await vp.goto(url('/verify'));
		await vp.getByRole('link', { name: '持证人给了分享码？用分享码查询' }).click();
		await vp.waitForURL(pathIs('/verify/share'));
		assertEq(await h1(vp), '分享码查询', 'h1');
	});
	await v.check('share: the code (typed in lower case) shows the certificate as valid', async () => {
		await vp.locator('input[name="code"]').fill(code.toLowerCase());
		await submitNav(vp, () => vp.getByRole('button', { name: '查询' }).click(),
		    pathIs('/verify/share'), '查询');
		assertEq(await h1(vp), '证书查询结果', 'h1');
		const t = await vp.locator('main').innerText();
		assert(t.includes('该证书真实有效'), `result: ${oneLine(t)}`);
		assert(t.includes('王*远') && t.includes(PUBLIC_CERT), 'masked name or number missing');
		assert(!t.includes(PUBLIC_CERT_ID), 'the full ID number is shown');
		await shot(vp, 'share-verify.png');
	});
	await v.close();
	await j.check('share: the holder sees the check (公开查询, by the code), and the code active', async () => {
		await page.goto(url('/verify/mine'));
		const uses = page.locator('main section', { hasText: '查验记录' }).locator('tbody tr').first();
		const t = await uses.innerText();
		assert(t.includes('公开查询') && t.includes(`分享码 …${code.slice(-4)}`), `first check: ${oneLine(t)}`);
		const row = page.locator('main tbody tr', { hasText: `…${code.slice(-4)}` }).first();
		assert((await row.innerText()).includes('有效'), 'code not shown active');
		await shot(page, 'share-mine.png');
	});
	await j.check('share: the holder revokes the code', async () => {
		const row = page.locator('main tbody tr', { hasText: `…${code.slice(-4)}` }).first();
		await submitNav(page, () => row.getByRole('button', { name: '撤销' }).click(),
		    (u) => u.pathname === '/verify/mine', '撤销');
		assert((await page.locator('main tbody tr', { hasText: `…${code.slice(-4)}` }).first().innerText())
		    .includes('已撤销'), 'code not shown revoked');
	});
	await j.close();
	const a = new Journey(browser, 'api keys');
	const ap = await a.open();
	await a.check('keys: the admin issues an employer key from 用人单位API密钥', async () => {
		await loginHome(ap, 'admin');
		await openNav(ap, '机构管理', '用人单位API密钥', '/verify/apikeys');
		await ap.locator('input[name="employer"]').fill('浏览器测试用人单位');
		await ap.locator('input[name="contact"]').fill('人事部 王先生');
		await submitNav(ap, () => ap.getByRole('button', { name: '发放' }).click(),
		    pathIs('/verify/apikeys'), '发放');
		assert(/^xck_[0-9a-f]{64}$/.test((await ap.locator('main .secret code').innerText()).trim()), 'key shown');
		await shot(ap, 'key-new.png');
		await ap.getByRole('link', { name: '完成' }).click();
		await ap.waitForURL(pathIs('/verify/apikeys'));
		await shot(ap, 'keys.png');
		await ap.goto(url('/verify/batch'));
		assertEq(await h1(ap), '批量查验', 'h1');
		await shot(ap, 'batch.png');
	});
	await a.close();
}

// 操作四: the organisation ships the 14 confirmed demo certificates of
// 21020000000000000000 (their QR codes scanned into the box); the
// principal receives them, reporting one missing, and hands over the
// others; the missing one is reprinted into a second parcel together with
// 朱鹏飞's certificate (site_pending in the seed, confirmed by the batch
// signing journey above), received and handed over: he and 王思远 see
// 已发放.  Then 王思远's certificate is revoked with a reason, and the
// public verification page says 已撤销 with it.
async function jShip(browser) {
	const j = new Journey(browser, 'shipments');
	const page = await j.open();
	const inst = sql("SELECT id FROM institution WHERE code = '21020000000000000000'");
	const demo = sql(`SELECT number FROM certificate WHERE institution_id = ${inst}
	    AND status = 'confirmed' AND issued_on = '2020-09-15' ORDER BY number`).split('\n');
	const missing = demo[6];
	let ship1 = '', ship2 = '';
	const shipPath = (u) => /^\/certs\/shipments\/\d+$/.test(u.pathname);
	async function printAndShip(tracking) {
		await submitNav(page, () => page.locator('form#printed').getByRole('button').click(), shipPath, '已打印');
		await page.locator('form#shipped input[name="courier"]').fill('中国邮政 EMS');
		await page.locator('form#shipped input[name="tracking"]').fill(tracking);
		await submitNav(page, () => page.locator('form#shipped').getByRole('button').click(), shipPath, '已寄出');
		assertEq((await page.locator('#shipstate').innerText()).trim(), '已寄出', 'parcel state');
	}
	async function handOver(numbers, who) {
		await page.goto(url('/certs/shipments'));
		for (const n of numbers)
			await page.locator('#handover tr', { hasText: n }).locator('input[name="id"]').check();
		await page.locator('#handover input[name="to"]').fill(who);
		await submitNav(page, () => page.locator('#handover').getByRole('button', { name: '确认发放' }).click(),
		    (u) => u.pathname === '/certs/shipments' && u.searchParams.get('ok') === 'saved', '确认发放');
	}
	await j.step('ship: the seed has 14 confirmed demo certificates at 21020000000000000000', async () => {
		assertEq(demo.length, 14, 'demo certificates');
		assert(!demo.includes(STUDENT_CERT), '朱鹏飞 is not among them (his is site_pending in the seed)');
	});
	await j.step('ship: zcjy scans the 14 QR codes into a new parcel', async () => {
		await loginHome(page, 'zcjy');
		await page.goto(url('/certs/shipments'));
		await page.getByRole('link', { name: '新建寄送包裹' }).click();
		await page.locator('main select[name="inst"]').selectOption(inst);
		await page.getByRole('button', { name: '列出待寄证书' }).click();
		await page.waitForURL((u) => u.searchParams.get('inst') === inst);
		await page.locator('form#newship textarea[name="scan"]').fill(demo.map((n) => `${BASE}/verify?n=${n}`).join('\n'));
		await shot(page, 'ship-new.png');
		await submitNav(page, () => page.getByRole('button', { name: '创建包裹' }).click(), shipPath, '创建包裹');
		ship1 = new URL(page.url()).pathname.split('/').pop();
		assertEq(await page.locator('#items tbody tr').count(), 14, 'certificates in the parcel');
	});
	await j.step('ship: the packing list prints the 14', async () => {
		await page.getByRole('link', { name: /装箱清单/ }).click();
		await page.waitForURL((u) => u.pathname.endsWith('/list'));
		assertEq(await page.locator('#packing tbody tr').count(), 14, 'packing list rows');
		await shot(page, 'ship-packing.png');
		await page.goBack();
	});
	await j.step('ship: 已打印, then 已寄出 with courier and tracking number', async () => {
		await page.goto(url(`/certs/shipments/${ship1}`));
		await printAndShip('EA100200300CN');
		await shot(page, 'ship-shipped.png');
	});
	await j.step('ship: the principal sees the parcel due and receives it, one missing', async () => {
		await logout(page);
		await loginHome(page, 'p21020000000000000000');
		await page.goto(url('/certs/shipments'));
		assert((await page.locator('#due').innerText()).includes('待签收包裹 1 个'), 'due notice');
		await page.getByRole('link', { name: `包裹 ${ship1}` }).click();
		await page.waitForURL(shipPath);
		await page.locator('#items tr', { hasText: missing }).locator('input[name="missing"]').check();
		await page.locator('form#receive textarea[name="note"]').fill('包裹内缺少一本');
		await shot(page, 'ship-receive.png');
		await submitNav(page, () => page.getByRole('button', { name: '签收包裹' }).click(), shipPath, '签收包裹');
		assertEq((await page.locator('#shipstate').innerText()).trim(), '院校已签收', 'parcel state');
		assert((await page.locator('#items tr', { hasText: missing }).innerText()).includes('缺失'), 'the missing one');
	});
	await j.step('ship: the principal hands over the other 13 in person', async () => {
		await handOver(demo.filter((n) => n !== missing), '本人领取');
		assertEq(sql(`SELECT COUNT(*) FROM certificate_paper WHERE institution_id = ${inst} AND state = 'handed'`), '13', 'handed');
		await shot(page, 'ship-handed.png');
	});
	await j.step('ship: the organisation reprints the missing one, with 朱鹏飞\'s, into a second parcel', async () => {
		await logout(page);
		await loginHome(page, 'zcjy');
		await page.goto(url(`/certs/shipments/${ship1}`));
		await page.getByRole('link', { name: '补印并放入新包裹' }).click();
		await page.waitForURL((u) => u.searchParams.get('inst') === inst);
		assert((await page.locator('#newship tr', { hasText: missing }).innerText()).includes('补印'), 'marked 补印');
		await page.locator('#newship tbody input[name="id"]').evaluateAll((a) => a.forEach((b) => { b.checked = false; }));
		await page.locator('#newship tr', { hasText: missing }).locator('input[name="id"]').check();
		await page.locator('#newship tr', { hasText: STUDENT_CERT }).locator('input[name="id"]').check();
		await submitNav(page, () => page.getByRole('button', { name: '创建包裹' }).click(), shipPath, '创建包裹');
		ship2 = new URL(page.url()).pathname.split('/').pop();
		assert((await page.locator('#items').innerText()).includes('第 1 次补印'), 'the reprint is counted');
		await printAndShip('EA100200301CN');
	});
	await j.step('ship: the principal receives it and hands both over', async () => {
		await logout(page);
		await loginHome(page, 'p21020000000000000000');
		await page.goto(url(`/certs/shipments/${ship2}`));
		await submitNav(page, () => page.getByRole('button', { name: '签收包裹' }).click(), shipPath, '签收包裹');
		await handOver([missing, STUDENT_CERT], '本人领取');
	});
	await j.check('ship: the organisation\'s progress reads 15 shipped, received and handed, none missing', async () => {
		await logout(page);
		await loginHome(page, 'zcjy');
		await page.goto(url('/certs/shipments'));
		const row = (await page.locator('#byinst tr', { hasText: '21020000000000000000' }).innerText()).split(/\s+/);
		assertEq(row.slice(-5).join(' '), '15 15 15 15 0', 'printed shipped received handed missing');
		await shot(page, 'ship-progress.png');
	});
	for (const [who, idno, number] of [['朱鹏飞', STUDENT_ID, STUDENT_CERT], [PUBLIC_CERT_HOLDER, PUBLIC_CERT_ID, PUBLIC_CERT]]) {
		await j.check(`ship: ${who} sees 已发放 on 我的证书`, async () => {
			const c = await j.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
			try {
				const p = await c.newPage();
				await loginHome(p, idno);
				await p.goto(url('/certs/mine'));
				const card = p.locator('.certcard', { hasText: number });
				assertEq((await card.locator('.paper .status').innerText()).trim(), '已发放', 'paper status');
				await shot(p, `ship-mine-${who === '朱鹏飞' ? 'zhu' : 'wang'}.png`);
			} finally {
				await c.close();
			}
		});
	}
	await j.step('ship: zcjy revokes 王思远\'s certificate with a reason and a signature', async () => {
		const id = sql(`SELECT id FROM certificate WHERE number = '${PUBLIC_CERT}'`);
		await page.goto(url(`/certs/${id}`));
		await page.locator('form#revoke textarea[name="reason"]').fill('考核成绩复核不合格，证书误发');
		await drawSignature(page);
		await shot(page, 'revoke-form.png');
		await submitNav(page, () => page.getByRole('button', { name: '签字并撤销' }).click(),
		    (u) => u.pathname === `/certs/${id}` && u.searchParams.get('ok') === 'saved', '签字并撤销');
		assert((await page.locator('#revoked').innerText()).includes('考核成绩复核不合格'), 'the reason on the record');
	});
	await j.check('ship: /verify says 已撤销 with the reason', async () => {
		await logout(page);
		await page.goto(url('/verify'));
		await page.locator('main input[name="number"]').fill(PUBLIC_CERT);
		await page.locator('main input[name="idno"]').fill(PUBLIC_CERT_ID);
		await page.locator('main form').getByRole('button').first().click();
		await page.locator('main .verified').waitFor();
		assert((await page.locator('main .verified').innerText()).includes('已撤销'), 'status');
		assert((await page.locator('#revoke-reason').innerText()).includes('考核成绩复核不合格，证书误发'), 'reason');
		await shot(page, 'verify-revoked.png');
	});
	await j.close();
}

// 批量下载 (issue 10): the organisation selects confirmed certificates,
// submits a ZIP job, watches the progress bar reach 100% and downloads
// the ZIP, which unzip -t accepts with one PNG per selected number.
async function jZip(browser) {
	const j = new Journey(browser, 'batch download');
	const page = await j.open();
	let numbers = [];
	await j.step('zip: zcjy logs in', () => loginHome(page, 'zcjy'));
	await j.step('zip: on 确认签发, select 3 rows and click 批量下载', async () => {
		await page.goto(url('/certs?status=confirmed'));
		const rows = page.locator('table.certs tbody tr');
		for (let i = 0; i < 3; i++) {
			const box = rows.nth(i).locator('input[type="checkbox"][name="id"]');
			await box.check();
			numbers.push((await box.getAttribute('aria-label')).replace(/^选择 /, ''));
		}
		await shot(page, 'zip-selected.png');
		await submitNav(page, () => page.getByRole('button', { name: '批量下载', exact: true }).click(),
		    (u) => /^\/certs\/jobs\/\d+$/.test(u.pathname), '批量下载');
	});
	await j.step('zip: the progress bar reaches 100% and the link appears', async () => {
		const bar = page.locator('progress#jobprogress');
		await bar.waitFor();
		await page.locator('[data-job-done] a', { hasText: '下载 ZIP' }).waitFor({ state: 'visible', timeout: 60000 });
		assertEq(await bar.evaluate((e) => e.value), 100, 'progress value');
		assertEq(await page.locator('[data-job-percent]').innerText(), '100%', 'percent shown');
		const t = await page.locator('main').innerText();
		assert(t.includes('已完成 3 / 3 份') && t.includes('已完成'), `the page says: ${oneLine(t)}`);
		await shot(page, 'zip-done.png');
	});
	await j.check('zip: the link downloads a ZIP that unzip -t accepts, one PNG per number', async () => {
		const [dl] = await Promise.all([page.waitForEvent('download'),
		    page.locator('[data-job-done] a', { hasText: '下载 ZIP' }).click()]);
		const f = join(SHOTS, 'batch.zip');
		await dl.saveAs(f);
		execFileSync('unzip', ['-tq', f]);
		const names = execFileSync('unzip', ['-Z1', f], { encoding: 'utf8' }).trim().split('\n').sort();
		assertEq(names.join(' '), numbers.map((n) => `${n}.png`).sort().join(' '), 'files in the ZIP');
	});
	await j.check('zip: 我的下载任务 lists the job as 已完成 with its link', async () => {
		await page.goto(url('/certs/jobs'));
		const row = page.locator('table.jobs tbody tr').first();
		assert((await row.innerText()).includes('已完成'), 'the newest job is not 已完成');
		assertEq(await row.locator('a', { hasText: '下载 ZIP' }).count(), 1, 'download links');
		await shot(page, 'zip-jobs.png');
	});
	await j.close();
}

// ---------------------------------------------------------------- issue 10

// Does pdfinfo's answer say A4 landscape (842 x 595 pt, to a point)?
function a4Landscape(info) {
	const m = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
	return m !== null && Math.abs(m[1] - 841.89) < 1 && Math.abs(m[2] - 595.28) < 1;
}

// The holder's certificate as rendered (the demo certificate with both
// seals and its QR code): the web view on 我的证书, the image itself (to
// look at), the QR code read by zbarimg, and the print view printed to a
// PDF by Chromium (one A4 landscape page per certificate).
async function jCertificate(browser) {
	const j = new Journey(browser, 'rendered certificate');
	const page = await j.open();
	let src = '';
	await j.step('certificate: the holder logs in and opens 我的证书', async () => {
		await loginHome(page, PUBLIC_CERT_ID);
		await page.goto(url('/certs/mine'));
		const card = page.locator('.certcard', { hasText: PUBLIC_CERT });
		const img = card.locator('img.certimg');
		await img.waitFor();
		src = await img.getAttribute('src');
		assert(/^\/certs\/img\/\d+\/[0-9a-f]{64}\.png$/.test(src), `the web view's URL ${src}`);
		await page.waitForFunction((s) => { const i = document.querySelector(`img[src="${s}"]`); return i && i.complete && i.naturalWidth > 0; }, src);
		assertEq(await img.evaluate((i) => `${i.naturalWidth}x${i.naturalHeight}`), '1754x1240', 'the web view (150 dpi)');
		const w = await img.evaluate((i) => i.getBoundingClientRect().width);
		assert(w > 300 && w <= 1280, `shown ${w} px wide`);
		await card.scrollIntoViewIfNeeded();
		await shot(page, 'certificate-mine.png');
	});
	await j.check('certificate: the web view itself, both seals and the QR code (screenshot to look at)', async () => {
		await page.setViewportSize({ width: 1800, height: 1300 });
		await page.locator(`img.certimg[src="${src}"]`).screenshot({ path: join(SHOTS, 'certificate-web.png') });
		await page.setViewportSize({ width: 1280, height: 800 });
		const r = await page.request.get(url(src));
		assertEq(r.status(), 200, 'web view status');
		const f = join(SHOTS, 'certificate-web-150dpi.png');
		writeFileSync(f, await r.body());
		const got = execFileSync('zbarimg', ['-q', '--raw', f], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		const pay = sql(`SELECT qr_payload FROM certificate WHERE number = '${PUBLIC_CERT}'`);
		assertEq(got, `${BASE}/verify/q/${pay}`, 'the QR code (the signed verification URL)');
		const id = sql(`SELECT COUNT(*) FROM certificate c JOIN seal o ON o.id = c.org_seal_id JOIN seal s ON s.id = c.site_seal_id WHERE c.number = '${PUBLIC_CERT}'`);
		assertEq(id, '1', 'the certificate was confirmed with both seals');
	});
	await j.check('certificate: the print view prints one A4 landscape page per certificate', async () => {
		await page.goto(url('/certs/mine'));
		await page.locator('.certcard', { hasText: PUBLIC_CERT }).getByRole('link', { name: '打印' }).click();
		await page.waitForURL((u) => u.pathname === '/certs/print');
		await page.waitForFunction(() => [...document.querySelectorAll('.printpage img')].every((i) => i.complete && i.naturalWidth > 0));
		assertEq(await page.locator('.printpage img').evaluate((i) => `${i.naturalWidth}x${i.naturalHeight}`), '3508x2480', 'the print copy (300 dpi)');
		await shot(page, 'certificate-print-screen.png');
		const f = join(SHOTS, 'certificate-print.pdf');
		await page.pdf({ path: f, preferCSSPageSize: true, printBackground: true });
		const info = execFileSync('pdfinfo', [f], { encoding: 'utf8' });
		assert(/Pages:\s+1\n/.test(info), `${info.match(/Pages:.*/)}`);
		assert(a4Landscape(info), `${info.match(/Page size:.*/)}`);
		execFileSync('pdftoppm', ['-png', '-r', '50', '-singlefile', f, join(SHOTS, 'certificate-print-page')]);
	});
	await j.check('certificate: the organisation prints a selection of two: two A4 landscape pages', async () => {
		await logout(page);
		await loginHome(page, 'zcjy');
		const ids = sql(`SELECT id FROM certificate WHERE organisation_id = 1 AND status = 'confirmed' ORDER BY id LIMIT 2`).split('\n');
		assertEq(ids.length, 2, 'confirmed certificates');
		await page.goto(url(`/certs/print?ids=${ids[0]}&ids=${ids[1]}`));
		await page.waitForFunction(() => [...document.querySelectorAll('.printpage img')].every((i) => i.complete && i.naturalWidth > 0));
		const f = join(SHOTS, 'certificate-print-2.pdf');
		await page.pdf({ path: f, preferCSSPageSize: true, printBackground: true });
		const info = execFileSync('pdfinfo', [f], { encoding: 'utf8' });
		assert(/Pages:\s+2\n/.test(info), `${info.match(/Pages:.*/)}`);
		assert(a4Landscape(info), `${info.match(/Page size:.*/)}`);
	});
	await j.close();
}

// The public lookup's result shows the certificate's watermarked
// thumbnail (issue 12): drawn, 640 pixels wide, by a capability URL that
// a changed HMAC turns into 404.
async function jVerifyThumb(browser) {
	const j = new Journey(browser, 'verification thumbnail');
	const page = await j.open();
	await j.check(`thumb: ${PUBLIC_CERT}'s result shows its watermarked thumbnail`, async () => {
		await page.goto(url('/verify'));
		await page.locator('input[name="number"]').fill(PUBLIC_CERT);
		await page.locator('input[name="idno"]').fill(PUBLIC_CERT_ID);
		await page.locator('main').getByRole('button', { name: '查询' }).click();
		await page.locator('main h1', { hasText: '证书查询结果' }).waitFor();
		const img = page.locator('#cert-thumb');
		await img.waitFor();
		await page.waitForFunction(() => document.querySelector('#cert-thumb')?.complete);
		assertEq(await imgWidth(img), 640, 'naturalWidth');
		const src = await img.getAttribute('src');
		assert(/^\/certs\/thumb\/\d+\/\d{8}\/[0-9a-f]{64}\.png$/.test(src), `src ${src}`);
		assert((await page.locator('figure.thumb figcaption').innerText()).includes('仅供查验'), 'caption');
		const box = await img.boundingBox();
		const main = await page.locator('main .card').boundingBox();
		assert(box.x >= main.x && box.x + box.width <= main.x + main.width + 1, 'the thumbnail overflows its card');
		await shot(page, 'verify-thumb.png');
		const bad = src.replace(/[0-9a-f](\.png)$/, (m, e) => (m[0] === '0' ? '1' : '0') + e);
		assertEq((await page.request.get(url(bad))).status(), 404, 'a changed HMAC');
	});
	await j.close();
}

// ---------------------------------------------------------------- main

let browser;
const started = Date.now();
const watchdog = setTimeout(async () => {
	report(false, 'suite finishes in time', `still running after ${SUITE_LIMIT_MS / 1000} s`);
	try { await browser?.close(); } catch { /* ignore */ }
	process.exit(1);
}, SUITE_LIMIT_MS);

try {
	// launch() gives Chromium a fresh temporary --user-data-dir of its own
	// and removes it on close.
	browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		timeout: 30000,
	});
	const journeys = [
		() => jLoginPage(browser),
		...ACCOUNTS.map((a) => () => jAccount(browser, a)),
		() => jWrongPassword(browser),
		() => jCerts(browser),
		() => jStaff(browser),
		() => jPhone(browser),
		() => jVerify(browser),
		() => jVerifyThumb(browser),
		() => jSeal(browser),
		() => jSealPhone(browser),
		() => jImport(browser),
		() => jStudentPage(browser),
		() => jCorrections(browser),
		() => jStudentsPhone(browser),
		() => jLayout(browser, false),
		() => jLayout(browser, true),
		() => jCertificate(browser),
		// Last: they sign the demo records the journeys above count.
		() => jSignBatch(browser),
		() => jSignOrgPath(browser),
		() => jShareCode(browser),
		() => jVerifyCaptcha(browser),
		// After the signing journeys: it ships what they confirmed, and
		// revokes the public example certificate the two above check.
		() => jShip(browser),
		() => jZip(browser),
		() => jReplaceName(browser),
	];
	for (const run of journeys) {
		try {
			await run();
		} catch (e) {	// a bug in a journey itself, or the browser died
			report(false, 'journey runs to its end', e?.stack ?? e);
		}
	}
} catch (e) {
	report(false, 'Chromium starts', e?.message ?? e);
} finally {
	try { await browser?.close(); } catch { /* ignore */ }
	clearTimeout(watchdog);
}

console.log(`# ${total} checks, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
