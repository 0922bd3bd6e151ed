/**
 * The dashboard's Eta templates. Kept in TypeScript so the compiled tree carries them without a copy step. Every value
 * goes out through `<%= %>` (escaped); `<%~ %>` (raw) is used only for the page body and partials rendered here.
 * No inline script or style anywhere: the Content-Security-Policy forbids both, and the data scripts need travels in
 * data- attributes.
 */

const layout = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.title %> · Rampart</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/dashboard.css">
<% if (it.charts) { %><link rel="stylesheet" href="/static/uplot.css"><script src="/static/uplot.js" defer></script><% } %>
<% if (it.compliance) { %><link rel="stylesheet" href="/static/compliance.css"><% } %>
<% if (it.graph) { %><link rel="stylesheet" id="__________cytoscape_stylesheet" href="/static/cytoscape.css"><script src="/static/cytoscape.js" defer></script><% } %>
<script src="/static/dashboard.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<nav aria-label="Main">
<a href="/" class="brand">Rampart</a>
<% if (it.nav.length) { %><ul>
<% for (const link of it.nav) { %><li><a href="<%= link.href %>"<% if (link.current) { %> aria-current="page"<% } %>><%= link.label %></a></li>
<% } %></ul><% } %>
<% if (it.user) { %><form method="post" action="/logout" class="logout"><input type="hidden" name="_csrf" value="<%= it.csrf %>"><span class="who"><%= it.user %></span> <button type="submit">Log out</button></form><% } %>
</nav>
</header>
<main id="main" tabindex="-1">
<%~ it.body %>
</main>
</body>
</html>`;

const severityCell = `<span class="sev sev-<%= it.s %>"><%= it.s %></span>`;

const pager = `<% if (it.next) { %><nav class="pager" aria-label="Pages"><a href="<%= it.next %>" rel="next">Next page</a><% if (it.first) { %> <a href="<%= it.first %>">First page</a><% } %></nav><% } else if (it.first) { %><nav class="pager" aria-label="Pages"><a href="<%= it.first %>">First page</a></nav><% } %>`;

const severityTable = `<table class="counts">
<caption><%= it.caption %></caption>
<thead><tr><th scope="col">Severity</th><th scope="col">Open</th><th scope="col"><span class="visually-hidden">Share</span></th></tr></thead>
<tbody>
<% for (const s of it.order) { %><tr><th scope="row"><a href="<%= it.link(s) %>"><%~ include('@sev', { s }) %></a></th><td class="num"><%= it.counts[s].toLocaleString('en') %></td><td><progress max="<%= it.max %>" value="<%= it.counts[s] %>" aria-hidden="true"></progress></td></tr>
<% } %></tbody>
</table>`;

const overview = `<h1>Overview</h1>
<div class="grid">
<section aria-labelledby="h-findings"><h2 id="h-findings">Open findings</h2><%~ include('@severityTable', { caption: 'Open findings by severity', counts: it.findings, order: it.order, max: it.findingsMax, link: it.findingsLink }) %></section>
<section aria-labelledby="h-vulns"><h2 id="h-vulns">Open vulnerabilities</h2><%~ include('@severityTable', { caption: 'Open vulnerabilities by severity', counts: it.vulnerabilities, order: it.order, max: it.vulnerabilitiesMax, link: it.vulnerabilitiesLink }) %></section>
</div>
<p class="muted">Counted <%= it.date(it.counted.computedAt) %><% if (!it.counted.current) { %>; new data arrived since, a recount is running<% } %>.</p>
<section aria-labelledby="h-trend"><h2 id="h-trend">Trend, last <%= it.trend.length %> days</h2>
<div class="chart" id="trend-chart" data-trend="<%= JSON.stringify(it.trend) %>" role="img" aria-label="Findings and vulnerabilities per day, as the newest report of each image or project carried them"></div>
<details><summary>Trend as a table</summary>
<table><caption>Findings and vulnerabilities per day</caption><thead><tr><th scope="col">Day</th><th scope="col">Findings</th><th scope="col">Vulnerabilities</th></tr></thead><tbody>
<% for (const p of it.trend) { %><tr><td><%= new Date(p.day * 1000).toISOString().slice(0, 10) %></td><td class="num"><%= p.findings %></td><td class="num"><%= p.vulnerabilities %></td></tr>
<% } %></tbody></table></details>
</section>
<section aria-labelledby="h-changes"><h2 id="h-changes">Since yesterday</h2>
<ul class="changes">
<li><a href="/findings?status=open"><%= it.fmt(it.changes.newFindings) %> new findings</a></li>
<li><a href="/findings?status=fixed"><%= it.fmt(it.changes.fixedFindings) %> findings fixed</a></li>
<li><a href="/vulnerabilities?status=open"><%= it.fmt(it.changes.newVulnerabilities) %> new vulnerabilities</a></li>
<li><a href="/vulnerabilities?status=fixed"><%= it.fmt(it.changes.fixedVulnerabilities) %> vulnerabilities fixed</a></li>
</ul>
<% if (it.changes.imageChanges.length) { %><table><caption>Images whose re-match changed</caption><thead><tr><th scope="col">Image</th><th scope="col">New advisories</th><th scope="col">Gone</th><th scope="col">Fix available</th><th scope="col">When</th></tr></thead><tbody>
<% for (const c of it.changes.imageChanges) { %><tr><td><a href="/images/<%= encodeURIComponent(c.digest) %>" class="mono"><%= it.short(c.digest) %></a></td><td class="num"><%= c.added %></td><td class="num"><%= c.gone %></td><td class="num"><%= c.fixAvailable %></td><td><%= it.date(c.createdAt) %></td></tr>
<% } %></tbody></table><% } %>
</section>
<div class="grid">
<section aria-labelledby="h-images"><h2 id="h-images">Riskiest images</h2>
<% if (it.images.length) { %><table><caption>Images by open vulnerabilities</caption><thead><tr><th scope="col">Image</th><th scope="col">Critical</th><th scope="col">High</th><th scope="col">Medium</th></tr></thead><tbody>
<% for (const i of it.images) { %><tr><td><a href="/images/<%= encodeURIComponent(i.digest) %>"><%= i.references[0] ?? it.short(i.digest) %></a></td><td class="num"><%= i.counts.critical %></td><td class="num"><%= i.counts.high %></td><td class="num"><%= i.counts.medium %></td></tr>
<% } %></tbody></table><% } else { %><p>No image has an open vulnerability.</p><% } %>
</section>
<section aria-labelledby="h-workloads"><h2 id="h-workloads">Riskiest running workloads</h2>
<% if (it.workloads.length) { %><table><caption>Workloads by the vulnerabilities of their images</caption><thead><tr><th scope="col">Workload</th><th scope="col">Cluster</th><th scope="col">Critical</th><th scope="col">High</th></tr></thead><tbody>
<% for (const w of it.workloads) { %><tr><td><%= w.namespace %>/<%= w.kind %>/<%= w.name %></td><td><a href="/clusters/<%= encodeURIComponent(w.cluster) %>"><%= w.cluster %></a></td><td class="num"><%= w.critical %></td><td class="num"><%= w.high %></td></tr>
<% } %></tbody></table><% } else { %><p>No running workload (from cluster inventories) has an open vulnerability.</p><% } %>
</section>
</div>
<section aria-labelledby="h-newest"><h2 id="h-newest">Newest open findings</h2>
<%~ include('@findingRows', { items: it.newest, caption: 'The ten newest open findings', date: it.date }) %>
<p><a href="/findings">All findings</a></p>
</section>`;

const findingRows = `<% if (it.items.length) { %><table class="list"><caption><%= it.caption %></caption>
<thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Message</th><th scope="col">Location</th><th scope="col">Project / image</th><th scope="col">First seen</th><th scope="col">Status</th></tr></thead><tbody>
<% for (const f of it.items) { %><tr><td><%~ include('@sev', { s: f.severity }) %></td><td class="mono"><a href="/findings?rule=<%= encodeURIComponent(f.ruleId) %>"><%= f.ruleId %></a></td><td><%= f.message %><% if (f.resource) { %><br><span class="muted"><%= f.resource %></span><% } %></td><td class="mono"><%= f.file %>:<%= f.line %></td><td><%= f.project ?? f.subject %></td><td><%= it.date(f.firstSeen) %></td><td><% if (f.fixedAt) { %>fixed <%= it.date(f.fixedAt) %><% } else if (f.suppressed) { %>suppressed: <%= f.suppressed.reason %><% } else { %>open<% } %></td></tr>
<% } %></tbody></table><% } else { %><p>No findings match.</p><% } %>`;

const filterForm = `<form method="get" class="filters" role="search" aria-label="Filter">
<% for (const f of it.fields) { %><label><%= f.label %>
<% if (f.options) { %><select name="<%= f.name %>"><% for (const o of f.options) { %><option value="<%= o.value %>"<% if (o.value === f.value) { %> selected<% } %>><%= o.label %></option><% } %></select>
<% } else { %><input type="search" name="<%= f.name %>" value="<%= f.value ?? '' %>"><% } %></label>
<% } %><button type="submit">Filter</button> <a href="<%= it.reset %>">Clear</a>
</form>`;

const findings = `<h1>Findings</h1>
<%~ include('@filters', it.filters) %>
<%~ include('@findingRows', { items: it.items, caption: 'Findings, newest first', date: it.date }) %>
<%~ include('@pager', it.pager) %>`;

const vulnerabilityRows = `<% if (it.items.length) { %><table class="list"><caption><%= it.caption %></caption>
<thead><tr><th scope="col">Severity</th><th scope="col">Advisory</th><th scope="col">Package</th><th scope="col">Installed</th><th scope="col">Fixed in</th><th scope="col">Image / project</th><th scope="col">First seen</th><th scope="col">Status</th></tr></thead><tbody>
<% for (const v of it.items) { %><tr><td><%~ include('@sev', { s: v.severity }) %></td><td class="mono"><a href="/vulnerabilities?id=<%= encodeURIComponent(v.vulnerabilityId) %>"><%= v.vulnerabilityId %></a><% if (v.summary) { %><br><span class="muted"><%= v.summary %></span><% } %></td><td><%= v.package.name %> <span class="muted">(<%= v.package.ecosystem %>)</span></td><td class="mono"><%= v.package.version %></td><td class="mono"><%= v.fixedVersions.length ? v.fixedVersions.join(', ') : 'no fix yet' %></td><td><% if (v.digest) { %><a href="/images/<%= encodeURIComponent(v.digest) %>" class="mono"><%= it.short(v.digest) %></a><% } else { %><%= v.project ?? v.subject %><% } %></td><td><%= it.date(v.firstSeen) %></td><td><% if (v.fixedAt) { %>fixed <%= it.date(v.fixedAt) %><% } else if (v.suppressed) { %>suppressed: <%= v.suppressed.reason %><% } else { %>open<% } %></td></tr>
<% } %></tbody></table><% } else { %><p>No vulnerabilities match.</p><% } %>`;

const vulnerabilities = `<h1>Vulnerabilities</h1>
<%~ include('@filters', it.filters) %>
<%~ include('@vulnerabilityRows', { items: it.items, caption: 'Vulnerabilities, newest first', date: it.date, short: it.short }) %>
<%~ include('@pager', it.pager) %>`;

const images = `<h1>Images</h1>
<%~ include('@filters', it.filters) %>
<% if (it.items.length) { %><table class="list"><caption>Images by digest</caption>
<thead><tr><th scope="col">Digest</th><th scope="col">Tags</th><th scope="col">SBOM</th><th scope="col">Critical</th><th scope="col">High</th><th scope="col">Last seen</th></tr></thead><tbody>
<% for (const i of it.items) { %><tr><td><a href="/images/<%= encodeURIComponent(i.digest) %>" class="mono"><%= it.short(i.digest) %></a></td><td><%= i.references.map((r) => r.tag ? r.repository + ':' + r.tag : r.repository).join(', ') %></td><td><%= i.sbom ? i.sbom.packages + ' packages' : 'none' %></td><td class="num"><%= i.counts.critical %></td><td class="num"><%= i.counts.high %></td><td><%= it.date(i.lastSeen) %></td></tr>
<% } %></tbody></table><% } else { %><p>No images match.</p><% } %>
<%~ include('@pager', it.pager) %>`;

const image = `<h1>Image <span class="mono"><%= it.short(it.image.digest) %></span></h1>
<dl class="facts">
<dt>Digest</dt><dd class="mono"><%= it.image.digest %></dd>
<dt>Tags</dt><dd><%= it.references.length ? it.references.map((r) => r.tag ? r.repository + ':' + r.tag : r.repository).join(', ') : 'none seen' %></dd>
<dt>First seen</dt><dd><%= it.date(it.image.firstSeen) %></dd>
<dt>SBOM</dt><dd><% if (it.image.sbom) { %><%= it.image.sbom.format %>, <%= it.image.sbom.packages %> packages — <a href="/images/<%= encodeURIComponent(it.image.digest) %>/sbom" download>Download SBOM</a><% } else { %>none stored<% } %></dd>
<% if (it.introducedBy) { %><dt>Brought by</dt><dd><a href="/ci?digest=<%= encodeURIComponent(it.image.digest) %>">report <%= it.introducedBy.id %></a><% if (it.introducedBy.pullRequest) { %>, pull request <%= it.introducedBy.pullRequest %><% } %><% if (it.introducedBy.commit) { %>, commit <span class="mono"><%= it.introducedBy.commit %></span><% } %></dd><% } %>
</dl>
<section aria-labelledby="h-running"><h2 id="h-running">Where it runs</h2>
<% if (it.running.length) { %><table><caption>Workloads running this image</caption><thead><tr><th scope="col">Cluster</th><th scope="col">Namespace</th><th scope="col">Workload</th><th scope="col">Container</th></tr></thead><tbody>
<% for (const w of it.running) { %><tr><td><a href="/clusters/<%= encodeURIComponent(w.cluster) %>"><%= w.cluster %></a></td><td><%= w.namespace %></td><td><%= w.kind %>/<%= w.name %></td><td><%= w.container %></td></tr>
<% } %></tbody></table><% } else { %><p>No cluster inventory reports it running.</p><% } %>
</section>
<section aria-labelledby="h-ivulns"><h2 id="h-ivulns">Open vulnerabilities</h2>
<%~ include('@vulnerabilityRows', { items: it.vulnerabilities, caption: 'Open vulnerabilities of this image, with the versions that fix them', date: it.date, short: it.short }) %>
<%~ include('@pager', it.pager) %>
</section>`;

const clusters = `<h1>Clusters</h1>
<% if (it.items.length) { %><table class="list"><caption>Clusters that sent an inventory</caption><thead><tr><th scope="col">Cluster</th><th scope="col">Namespaces</th><th scope="col">Workload containers</th><th scope="col">Inventory</th></tr></thead><tbody>
<% for (const c of it.items) { %><tr><td><a href="/clusters/<%= encodeURIComponent(c.name) %>"><%= c.name %></a></td><td class="num"><%= c.namespaces %></td><td class="num"><%= c.workloads %></td><td><%= it.date(c.inventoryAt) %></td></tr>
<% } %></tbody></table><% } else { %><p>No cluster has sent an inventory yet (the CronJob in deploy/ posts one).</p><% } %>
<section aria-labelledby="h-ns"><h2 id="h-ns">Open findings by namespace</h2>
<p class="muted">From each cluster's own scans (<code>rampart scan --cluster --upload</code> stores them under the cluster's name).</p>
<% for (const c of it.namespaces) { %><h3><a href="/clusters/<%= encodeURIComponent(c.cluster) %>"><%= c.cluster %></a></h3>
<%~ include('@namespaceTable', { rows: c.rows }) %>
<% } %>
</section>
<%~ include('@clusterAnalysis', it) %>`;

const namespaceTable = `<% if (it.rows.length) { %><table><caption>Open findings per namespace of the resource</caption><thead><tr><th scope="col">Namespace</th><th scope="col">Critical</th><th scope="col">High</th><th scope="col">Medium</th><th scope="col">Low</th><th scope="col">All</th></tr></thead><tbody>
<% for (const n of it.rows) { %><tr><td><%= n.namespace %></td><td class="num"><%= n.counts.critical %></td><td class="num"><%= n.counts.high %></td><td class="num"><%= n.counts.medium %></td><td class="num"><%= n.counts.low %></td><td class="num"><%= n.total %></td></tr>
<% } %></tbody></table><% } else { %><p>No open findings on namespaced resources.</p><% } %>`;

const clusterAnalysis = `<section aria-labelledby="h-rbac"><h2 id="h-rbac">RBAC escalation paths</h2>
<% if (it.rbac.length) { %><table><caption>Open findings of the RBAC analysis</caption><thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Path</th><th scope="col">Where</th></tr></thead><tbody>
<% for (const f of it.rbac) { %><tr><td><%~ include('@sev', { s: f.severity }) %></td><td class="mono"><%= f.ruleId %></td><td><%= f.message %></td><td class="mono"><%= f.file %>:<%= f.line %></td></tr>
<% } %></tbody></table><% } else { %><p>No open RBAC findings.</p><% } %>
</section>
<section aria-labelledby="h-netpol"><h2 id="h-netpol">NetworkPolicy exposure</h2>
<p class="muted">Open paths reported by the NetworkPolicy analysis: traffic from anywhere into a namespace or workload, or out of it to anywhere.</p>
<div class="graph" id="netpol-graph" data-graph="<%= JSON.stringify(it.graphData) %>" role="img" aria-label="Graph of the open network paths listed in the table below"></div>
<% if (it.netpol.length) { %><table><caption>Open findings of the NetworkPolicy analysis</caption><thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Finding</th><th scope="col">Resource</th></tr></thead><tbody>
<% for (const f of it.netpol) { %><tr><td><%~ include('@sev', { s: f.severity }) %></td><td class="mono"><%= f.ruleId %></td><td><%= f.message %></td><td><%= f.resource ?? (f.file + ':' + f.line) %></td></tr>
<% } %></tbody></table><% } else { %><p>No open NetworkPolicy findings.</p><% } %>
</section>`;

const cluster = `<h1>Cluster <%= it.name %></h1>
<p>Inventory received <%= it.date(it.summary.inventoryAt) %>: <%= it.summary.workloads %> containers in <%= it.summary.namespaces %> namespaces.</p>
<section aria-labelledby="h-risky"><h2 id="h-risky">Riskiest workloads</h2>
<% if (it.workloads.length) { %><table><caption>Workloads by the open vulnerabilities of their images</caption><thead><tr><th scope="col">Namespace</th><th scope="col">Workload</th><th scope="col">Image</th><th scope="col">Critical</th><th scope="col">High</th></tr></thead><tbody>
<% for (const w of it.workloads) { %><tr><td><%= w.namespace %></td><td><%= w.kind %>/<%= w.name %></td><td><a href="/images/<%= encodeURIComponent(w.digest) %>"><%= w.image %></a></td><td class="num"><%= w.critical %></td><td class="num"><%= w.high %></td></tr>
<% } %></tbody></table><% } else { %><p>No workload runs an image with an open vulnerability.</p><% } %>
</section>
<section aria-labelledby="h-inv"><h2 id="h-inv">Workloads by namespace</h2>
<% for (const ns of it.inventory) { %><details><summary><%= ns.namespace %> (<%= ns.workloads.length %>)</summary><table><caption>Workloads in <%= ns.namespace %></caption><thead><tr><th scope="col">Workload</th><th scope="col">Container</th><th scope="col">Image</th></tr></thead><tbody>
<% for (const w of ns.workloads) { %><tr><td><%= w.kind %>/<%= w.name %></td><td><%= w.container %></td><td><% if (w.digest) { %><a href="/images/<%= encodeURIComponent(w.digest) %>"><%= w.image %></a><% } else { %><%= w.image %><% } %></td></tr>
<% } %></tbody></table></details>
<% } %>
</section>
<section aria-labelledby="h-ns"><h2 id="h-ns">Open findings by namespace<% if (it.project) { %> (project <%= it.project %>)<% } %></h2>
<%~ include('@namespaceTable', { rows: it.namespaces }) %>
</section>
<%~ include('@clusterAnalysis', it) %>`;

const ci = `<h1>CI runs</h1>
<%~ include('@filters', it.filters) %>
<% if (it.items.length) { %><table class="list"><caption>Reports uploaded from pipelines, newest first</caption>
<thead><tr><th scope="col">Report</th><th scope="col">Project / image</th><th scope="col">Pull request</th><th scope="col">Commit</th><th scope="col">Pipeline</th><th scope="col">Findings</th><th scope="col">Vulnerabilities</th><th scope="col">Errors</th><th scope="col">By</th><th scope="col">Received</th></tr></thead><tbody>
<% for (const r of it.items) { %><tr><td class="num"><%= r.id %></td><td><% if (r.digest) { %><a href="/images/<%= encodeURIComponent(r.digest) %>"><%= r.target ?? it.short(r.digest) %></a><% } else { %><a href="/findings?project=<%= encodeURIComponent(r.project ?? '') %>"><%= r.project ?? r.subject %></a><% } %></td><td><%= r.pullRequest ?? '' %></td><td class="mono"><%= r.commit ? r.commit.slice(0, 12) : '' %></td><td><%= r.pipeline ?? '' %></td><td class="num"><%= r.findings %></td><td class="num"><%= r.vulnerabilities %></td><td class="num"><%= r.errors %></td><td><%= r.uploadedBy %></td><td><%= it.date(r.receivedAt) %></td></tr>
<% } %></tbody></table><% } else { %><p>No reports match.</p><% } %>
<%~ include('@pager', it.pager) %>`;

const admission = `<h1>Admission decisions</h1>
<%~ include('@filters', it.filters) %>
<% if (it.items.length) { %><table class="list"><caption>Admission decisions, newest first</caption>
<thead><tr><th scope="col">Decision</th><th scope="col">Cluster</th><th scope="col">Object</th><th scope="col">Operation</th><th scope="col">User</th><th scope="col">Rules</th><th scope="col">Images</th><th scope="col">When</th></tr></thead><tbody>
<% for (const d of it.items) { %><tr><td><span class="<%= d.allowed ? 'ok' : 'denied' %>"><%= d.allowed ? 'allowed' : 'denied' %></span></td><td><%= d.cluster %></td><td><%= d.kind %> <%= d.namespace ? d.namespace + '/' : '' %><%= d.name ?? '' %></td><td><%= d.operation %></td><td><%= d.user ?? '' %></td><td class="mono"><%= d.rules.join(', ') %></td><td class="mono"><%= d.images.join(', ') %></td><td><%= it.date(d.decidedAt) %></td></tr>
<% } %></tbody></table><% } else { %><p>No admission decisions match.</p><% } %>
<%~ include('@pager', it.pager) %>`;

const suppressions = `<h1>Suppressions</h1>
<% if (it.items.length) { %><table class="list"><caption>Accepted risks: what, where, why, by whom, until when</caption>
<thead><tr><th scope="col"><a href="<%= it.sortLink('target') %>">Target</a></th><th scope="col">Scope</th><th scope="col">Reason</th><th scope="col"><a href="<%= it.sortLink('createdBy') %>">By</a></th><th scope="col"><a href="<%= it.sortLink('createdAt') %>">Since</a></th><th scope="col"><a href="<%= it.sortLink('expiresAt') %>">Expires</a></th><% if (it.admin) { %><th scope="col">Remove</th><% } %></tr></thead><tbody>
<% for (const s of it.items) { %><tr<% if (s.expired) { %> class="expired"<% } %>><td class="mono"><%= s.target %></td><td><%= s.subject ?? 'everywhere' %></td><td><%= s.reason %></td><td><%= s.createdBy %></td><td><%= it.date(s.createdAt) %></td><td><%= s.expiresAt ? it.date(s.expiresAt) + (s.expired ? ' (expired)' : '') : 'never' %></td><% if (it.admin) { %><td><form method="post" action="/suppressions/<%= s.id %>/delete"><input type="hidden" name="_csrf" value="<%= it.csrf %>"><button type="submit" aria-label="Remove suppression of <%= s.target %>">Remove</button></form></td><% } %></tr>
<% } %></tbody></table><% } else { %><p>Nothing is suppressed.</p><% } %>
<% if (it.admin) { %><section aria-labelledby="h-add"><h2 id="h-add">Suppress</h2>
<form method="post" action="/suppressions" class="stack">
<input type="hidden" name="_csrf" value="<%= it.csrf %>">
<label>Target (finding fingerprint, vulnerability ID or rule ID) <input name="target" required maxlength="500"></label>
<label>Only in (image:sha256:… or project:NAME; empty for everywhere) <input name="subject" maxlength="500"></label>
<label>Reason <input name="reason" required maxlength="2000"></label>
<label>Expires (YYYY-MM-DD, optional) <input name="expires" type="date"></label>
<button type="submit">Suppress</button>
</form></section><% } %>`;

const login = `<h1>Log in</h1>
<% if (it.error) { %><p class="error" role="alert"><%= it.error %></p><% } %>
<form method="post" action="/login" class="stack">
<input type="hidden" name="_csrf" value="<%= it.csrf %>">
<input type="hidden" name="next" value="<%= it.next %>">
<label>API token (read or admin scope) <input type="password" name="token" autocomplete="off" required></label>
<button type="submit">Log in with token</button>
</form>
<% if (it.oidc) { %><p><a class="button" href="/auth/oidc?next=<%= encodeURIComponent(it.next) %>">Log in with <%= it.oidc %></a></p><% } %>`;

const compliance = `<h1>Compliance</h1>
<%~ include('@filters', it.filters) %>
<% if (it.body) { %>
<p>Export: <a href="/compliance/report.json?<%= it.query %>" download>JSON</a> · <a href="/compliance/report.html?<%= it.query %>" download>HTML</a> (print it to PDF, or use <code>rampart scan --compliance</code>).</p>
<p class="muted">Built from the project's stored open findings. The server does not keep which rules each scan ran, so only the rules that found something in this project count as having run: a control none of whose rules found anything shows as not applicable, not as passed.<% if (it.truncated) { %> Only the newest 20,000 findings are included.<% } %></p>
<div class="compliance-report"><%~ it.body %></div>
<% } else { %><p>No project has uploaded a report yet.</p><% } %>`;

const error = `<h1><%= it.heading %></h1>
<p><%= it.message %></p>
<p><a href="/">Back to the overview</a></p>`;

export const TEMPLATES: Record<string, string> = {
  layout, sev: severityCell, pager, severityTable, overview, findingRows, filters: filterForm, findings, vulnerabilityRows, vulnerabilities,
  images, image, clusters, namespaceTable, clusterAnalysis, cluster, ci, admission, suppressions, compliance, login, error,
};
