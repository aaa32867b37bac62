#!/usr/bin/env python3
"""fidelity.py -- how faithfully annals dates and orders events, measured against third-party gold.

Reads the gold annotation itself (never annals's code) and compares it with what
`annals list --format jsonl` prints.  Standard library only.  Sections:
1. TempEval-3 (TimeML) and MEANTIME (CAT XML): gold bounds of every event by temporal closure of the TLINKs.
2. SemEval-2015 Task 4 track B: entity timelines (mention P/R/F1, anchors placed, temporal awareness).
3. A text report (default); `--json FILE` a summary ('-' = stdout); `--details DIR` per-event TSVs.
`--selftest` checks the closure and the scoring on hand-made cases.  Every choice is listed in CHOICES.
"""
import argparse, calendar, collections, datetime as dt, json, os, re, shlex, subprocess, sys
import tempfile, time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
# The corpora beside the checkout (../shared/corpora), or where ANNALS_CORPORA says.
CORPORA = os.environ.get('ANNALS_CORPORA', os.path.join(os.path.dirname(REPO), 'shared', 'corpora'))
TE3_DIRS = ['aquaint', 'platinum', 'timebank', 'timebank-jspotter-variant']
INF = float('inf')

CHOICES = """\
* Periods are half-open [start, end) in UTC seconds; BEFORE is a1 <= b0 (not strict), as periods are half-open.
* TIMEX3: only type DATE/TIME (DCT included); DURATION and SET are skipped even when their value looks like a date.
  PRESENT_REF = the DCT's period; PAST_REF, FUTURE_REF, XXXX... (no year) and durations are skipped (no constraint).
* Values: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www[-D|-WE] (ISO weeks, WE = Sat+Sun), YYYY-Qn, YYYY-Hn, seasons
  (SP Mar-May, SU Jun-Aug, FA Sep-Nov, WI Dec..Feb of the next year), YYY = decade, YYYX = decade, YY/YYXX = century,
  THH / THH:MM / THH:MM:SS = that hour/minute/second, parts of day MO 06-12, MI 11-13, AF 12-18, DT 06-18, EV 18-24,
  NI 21-06(+1 day).  Unknown trailing parts (2012-XX-XX, 1988-QX, 1998-WXX, 2012-XX-XXT20) make the known prefix a
  *container*: the timex is some unknown sub-period of it (both endpoints inside it), not the whole period.
* mod: START/EARLY = first half, END/LATE = last half, MID = the whole period (halves split at the exact midpoint in
  seconds); BEFORE: both endpoints <= t0; ON_OR_BEFORE <= t1; AFTER >= t1; ON_OR_AFTER >= t0; APPROX and the
  quantity mods (MORE_THAN...) on a calendar value: the timex is skipped.
* MEANTIME: mentions that REFERS_TO one EVENT instance are one event (SIMULTANEOUS).
* Relations: DURING = IS_INCLUDED, DURING_INV = INCLUDES, IDENTITY = SIMULTANEOUS; self-loop TLINKs (x rel x) are
  skipped and reported as gold anomalies; links to skipped timexes or unknown ids are dropped and counted.
* TimeML: one interval per MAKEINSTANCE (eiid); an eid's hull is the union hull of its instances (one eid, e2 of
  APW19980227.0468, has two).  EVENTs without MAKEINSTANCE are gold events with no links (unbounded).
  MEANTIME: one interval per EVENT_MENTION m_id (annals id 'm'+m_id, article = the Document's doc_name).
* Events whose own bounds conflict (lb > ub) are 'gold-inconsistent' and left out of the comparison.
* Categories, for gold-bounded events: not listed by annals / undated / exact (same instants, open sides equal) /
  coarser (annals strictly contains the gold hull) / more precise (annals strictly inside it) / contradicting
  (disjoint) / overlapping.  For gold-unbounded events every annals date is a claim the gold cannot check.
* TempEval-3: annals is run once per directory; the jspotter variant of wsj_0325 duplicates timebank's and is counted
  as given (both copies), so the TE3 total counts that document twice.
* SemEval: an annals event maps to the gold mention DOCID-<s id>-<event text, spaces as _>.  Entity lists for
  --entities are written to a scratch dir as the plain given names.  A non-zero exit or an empty answer is recorded
  and the entity counts as zero events found.  Macro P/R/F1 treat an empty answer as P = 0.
* Anchors placed: every gold mention whose anchor is not XXXX-XX-XX, looked up in one unfiltered annals run
  (independent of entity linking): compatible = annals period overlaps the anchor's period (YYYY-XX-XX = that year).
* Ordering (temporal awareness, UzZaman & Allen 2011): each side becomes a graph over the mentions both sides have:
  equal ranks SIMULTANEOUS, consecutive ranks BEFORE, an anchor IS_INCLUDED link per rank group to a time node named
  by its anchor string (gold rank 0 and XXXX-XX-XX give no link).  annals ranks = its dated events sorted by
  (start, end), equal periods sharing a rank; its anchor = its period written as YYYY-MM-DD / YYYY-MM-XX /
  YYYY-XX-XX when it is exactly a day/month/year.  Closure is computed in point algebra (s < e, BEFORE a.e < b.s).
  P = |Sys- in Ref+| / |Sys-|, R = |Ref- in Sys+| / |Ref-|, with '-' a minimal (reduced) graph and '+' the closure.
  Differences from the official scorer: it scores whole timelines (events missing on one side still cost there,
  mentions of one gold line are merged into one event, timexes may be ordered by their values); here only common
  mentions count, each mention is its own node, and anchors are ordered only through the events."""


# === Calendar values -> seconds =====================================================================
def ts(y, m=1, d=1, hh=0, mm=0, ss=0):
    """UTC seconds of a civil date-time (proleptic Gregorian; handles days past month ends)."""
    return calendar.timegm((y, m, 1, hh, mm, ss)) + (d - 1) * 86400


def add_months(y, m, n):
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def month_span(y, m, n=1):
    y2, m2 = add_months(y, m, n)
    return ts(y, m), ts(y2, m2)


PARTS = {'MO': (6, 12), 'MI': (11, 13), 'AF': (12, 18), 'DT': (6, 18), 'EV': (18, 24), 'NI': (21, 30)}
SEASONS = {'SP': (3, 3), 'SU': (6, 3), 'FA': (9, 3), 'WI': (12, 3)}


def parse_value(v):
    """A TIMEX3 value -> (t0, t1, container) or None.  container=True: an unknown sub-period of [t0, t1)."""
    v = (v or '').strip()
    m = re.match(r'^(\d{4})-(\d\d)-(\d\d)(?:T(.*))?$', v)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        day = ts(y, mo, d)
        t = m[4]
        if not t:
            return day, day + 86400, False
        t = re.sub(r'(Z|[+-]\d\d(:?\d\d)?)$', '', t)
        if t in PARTS:
            a, b = PARTS[t]
            return day + a * 3600, day + b * 3600, False
        hm = re.match(r'^(\d\d)(?::(\d\d)(?::(\d\d)(?:\.\d+)?)?)?$', t)
        if hm:
            h, mi, s = int(hm[1]), hm[2], hm[3]
            base = day + h * 3600 + int(mi or 0) * 60 + int(s or 0)
            return base, base + (1 if s else 60 if mi else 3600), False
        return day, day + 86400, True                       # unparseable time of a known day
    m = re.match(r'^(\d{4})-(\d\d)$', v)
    if m:
        return month_span(int(m[1]), int(m[2])) + (False,)
    m = re.match(r'^(\d{4})-W(\d\d?)(?:-(\d|WE))?(?:T(\w\w))?$', v)
    if m:
        y, w = int(m[1]), int(m[2])
        mon = dt.date.fromisocalendar(y, w, 1)
        t0 = ts(mon.year, mon.month, mon.day)
        if m[3] == 'WE':
            return t0 + 5 * 86400, t0 + 7 * 86400, False
        if m[3]:
            t0 += (int(m[3]) - 1) * 86400
            if m[4] in PARTS:
                a, b = PARTS[m[4]]
                return t0 + a * 3600, t0 + b * 3600, False
            return t0, t0 + 86400, False
        return t0, t0 + 7 * 86400, False
    m = re.match(r'^(\d{4})-Q(\d)$', v)
    if m:
        return month_span(int(m[1]), 3 * int(m[2]) - 2, 3) + (False,)
    m = re.match(r'^(\d{4})-H(\d)$', v)
    if m:
        return month_span(int(m[1]), 6 * int(m[2]) - 5, 6) + (False,)
    m = re.match(r'^(\d{4})-(SP|SU|FA|WI)$', v)
    if m:
        a, n = SEASONS[m[2]]
        return month_span(int(m[1]), a, n) + (False,)
    m = re.match(r'^(\d{4})$', v)
    if m:
        return ts(int(v)), ts(int(v) + 1), False
    m = re.match(r'^(\d{3})X?$', v)                          # 198X, 199: a decade
    if m:
        return ts(int(m[1]) * 10), ts(int(m[1]) * 10 + 10), False
    m = re.match(r'^(\d\d)(XX)?$', v)                        # 19, 19XX: a century
    if m:
        return ts(int(m[1]) * 100), ts(int(m[1]) * 100 + 100), False
    # Known prefix followed by unknown parts: the prefix becomes a container.
    m = re.match(r'^(\d{4})-(\d\d)-XX', v) or re.match(r'^(\d{4})-(\d\d)-\d\dT', v)
    if m:
        return month_span(int(m[1]), int(m[2])) + (True,)
    m = re.match(r'^(\d{4})-(XX|QX|HX|WXX|W\d\d?-WXX)', v)
    if m:
        return ts(int(m[1])), ts(int(m[1]) + 1), True
    m = re.match(r'^(\d{3})X-', v)
    if m:
        return ts(int(m[1]) * 10), ts(int(m[1]) * 10 + 10), True
    return None


def iso(t):
    if t is None or t in (INF, -INF):
        return '' if t is None else ('-inf' if t < 0 else '+inf')
    return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=t)).strftime('%Y-%m-%dT%H:%M:%SZ')


def parse_iso(s):
    """annals instants: '2005-06-13T00:00:00Z' -> seconds (None stays None)."""
    return None if s is None else ts(*map(int, re.match(r'(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)', s).groups()))


# === Closure: endpoint bounds over a <= graph =======================================================
# Each relation: list of (endpoint of a, endpoint of b, op) with op '<=' (x <= y) or '=' .
REL = {
    'BEFORE': [('e', 's', '<=')], 'AFTER': [('s', 'e', '>=')],
    'IBEFORE': [('e', 's', '=')], 'IAFTER': [('s', 'e', '=')],
    'INCLUDES': [('s', 's', '<='), ('e', 'e', '>=')], 'IS_INCLUDED': [('s', 's', '>='), ('e', 'e', '<=')],
    'SIMULTANEOUS': [('s', 's', '='), ('e', 'e', '=')],
    'BEGINS': [('s', 's', '='), ('e', 'e', '<=')], 'BEGUN_BY': [('s', 's', '='), ('e', 'e', '>=')],
    'ENDS': [('e', 'e', '='), ('s', 's', '>=')], 'ENDED_BY': [('e', 'e', '='), ('s', 's', '<=')],
}
REL['DURING'] = REL['IS_INCLUDED']
REL['DURING_INV'] = REL['INCLUDES']
REL['IDENTITY'] = REL['SIMULTANEOUS']


class Doc:
    """The gold of one document: events (id -> list of node ids), time nodes with bounds, links."""

    def __init__(self, name):
        self.name = name
        self.events = collections.OrderedDict()   # reported event id -> [node ids]
        self.times = {}                           # node id -> (lb_s, ub_s, lb_e, ub_e)
        self.links = []                           # (a, rel, b)
        self.notes = collections.Counter()        # anomalies and skips
        self.examples = collections.defaultdict(list)

    def note(self, what, example):
        self.notes[what] += 1
        if len(self.examples[what]) < 5:
            self.examples[what].append(example)

    def add_timex(self, tid, typ, value, mod, dct=None):
        """Turn a TIMEX3 into a time node (or skip it, counting why)."""
        if typ not in ('DATE', 'TIME'):
            return self.note('timex skipped: type %s' % typ, '%s=%s' % (tid, value))
        if value == 'PRESENT_REF' and dct is not None:
            p = dct
        else:
            p = parse_value(value)
        if p is None:
            return self.note('timex skipped: value not calendar', '%s=%s' % (tid, value))
        t0, t1, cont = p
        mod, half = (mod or '').upper(), (p[1] - p[0]) // 2
        if mod in ('APPROX', 'MORE_THAN', 'LESS_THAN', 'EQUAL_OR_MORE', 'EQUAL_OR_LESS'):
            return self.note('timex skipped: mod %s' % mod, '%s=%s' % (tid, value))
        if mod in ('START', 'EARLY', 'END', 'LATE', 'MID'):     # some part of the first/last half/whole
            t0, t1, cont = t0 + (half if mod in ('END', 'LATE') else 0), t1 - (half if mod in ('START', 'EARLY') else 0), True
        # (lb start, ub start, lb end, ub end)
        self.times[tid] = {'BEFORE': (-INF, t0, -INF, t0), 'ON_OR_BEFORE': (-INF, t1, -INF, t1),
                           'AFTER': (t1, INF, t1, INF), 'ON_OR_AFTER': (t0, INF, t0, INF)}.get(
                               mod, (t0, t1, t0, t1) if cont else (t0, t0, t1, t1))
        return (t0, t1, cont)

    def closure(self):
        """Propagate bounds to a fixpoint.  Returns (lb, ub, conflicts).  Each bound remembers the time
        node it came from, so a conflict is reported as 'lower bound from X > upper bound from Y'."""
        lb, ub, le = {}, {}, []                       # le: list of (p, q) meaning p <= q
        src_l, src_u = {}, {}
        nodes = set(self.times) | {n for ns in self.events.values() for n in ns}
        for n in nodes:
            lb[(n, 's')], ub[(n, 's')], lb[(n, 'e')], ub[(n, 'e')] = self.times.get(n, (-INF, INF, -INF, INF))
            for x in 'se':
                src_l[(n, x)] = src_u[(n, x)] = (n, x)
            le.append(((n, 's'), (n, 'e'), 's<=e'))
        for a, rel, b in self.links:
            if a == b:
                self.note('self-loop TLINK skipped', '%s %s %s' % (a, rel, b))
                continue
            if a not in nodes or b not in nodes:
                self.note('TLINK dropped: endpoint unknown or skipped', '%s %s %s' % (a, rel, b))
                continue
            if rel not in REL:
                self.note('TLINK dropped: relType %s' % rel, '%s %s %s' % (a, rel, b))
                continue
            for x, y, op in REL[rel]:
                p, q = (a, x), (b, y)
                if op in ('<=', '='):
                    le.append((p, q, (a, rel, b)))
                if op in ('>=', '='):
                    le.append((q, p, (a, rel, b)))
        changed = True
        while changed:                                # monotone over a finite set of values: terminates
            changed = False
            for p, q, _ in le:
                if lb[p] > lb[q]:
                    lb[q], src_l[q], changed = lb[p], src_l[p], True
                if ub[q] < ub[p]:
                    ub[p], src_u[p], changed = ub[q], src_u[q], True
        bad = sorted(p for p in lb if lb[p] > ub[p])
        pairs = sorted({(src_l[p], src_u[p], lb[p], ub[p]) for p in bad})
        why = ['%s.%s>=%s > %s.%s<=%s via %s' % (l + (iso(x),) + u + (iso(y), self.chain(le, l, u)))
               for l, u, x, y in pairs]
        return lb, ub, bad, why

    @staticmethod
    def chain(le, src, dst):
        """The links of a shortest <= path from src to dst (why a lower bound reaches an upper bound)."""
        adj = collections.defaultdict(list)
        for p, q, why in le:
            adj[p].append((q, why))
        prev, todo = {src: None}, collections.deque([src])
        while todo and dst not in prev:
            p = todo.popleft()
            for q, why in adj[p]:
                if q not in prev:
                    prev[q] = (p, why)
                    todo.append(q)
        out, p = [], dst
        while prev.get(p):
            p, why = prev[p]
            if why != 's<=e':
                out.append('%s %s %s' % why)
        return ', '.join(reversed(out))

    def hulls(self):
        """Event id -> (lb_start, ub_end) or 'inconsistent'."""
        lb, ub, bad, why = self.closure()
        badnodes = {p[0] for p in bad}
        out = {}
        for eid, ns in self.events.items():
            if not ns:
                out[eid] = (-INF, INF)
            elif any(n in badnodes for n in ns):
                out[eid] = 'inconsistent'
            else:
                out[eid] = (min(lb[(n, 's')] for n in ns), max(ub[(n, 'e')] for n in ns))
        return out, bad, why


def add_timexes(doc, timexes, tid):
    """The DCT (functionInDocument CREATION_TIME) first, as PRESENT_REF needs its period."""
    timexes = sorted(timexes, key=lambda t: t.get('functionInDocument') != 'CREATION_TIME')
    dct = None
    for i, t in enumerate(timexes):
        p = doc.add_timex(tid(t), t.get('type'), t.get('value'), t.get('mod'), dct)
        if i == 0 and t.get('functionInDocument') == 'CREATION_TIME':
            dct = p


def load_timeml(path):
    root = ET.parse(path).getroot()
    doc = Doc(root.findtext('DOCID').strip())
    add_timexes(doc, root.iter('TIMEX3'), lambda t: t.get('tid'))
    for e in root.iter('EVENT'):
        doc.events[e.get('eid')] = []
    for mi in root.iter('MAKEINSTANCE'):
        if mi.get('eventID') in doc.events:
            doc.events[mi.get('eventID')].append(mi.get('eiid'))
        else:
            doc.note('MAKEINSTANCE of an unknown EVENT', mi.get('eiid'))
    for e, ns in doc.events.items():
        if not ns:
            doc.note('EVENT without MAKEINSTANCE', e)
    for tl in root.iter('TLINK'):
        a = tl.get('eventInstanceID') or tl.get('timeID')
        b = tl.get('relatedToEventInstance') or tl.get('relatedToTime')
        doc.links.append((a, (tl.get('relType') or '').upper(), b))
    return doc


def load_cat(path):
    root = ET.parse(path).getroot()
    doc = Doc(root.get('doc_name') or os.path.splitext(os.path.basename(path))[0])
    mk = root.find('Markables')
    add_timexes(doc, mk.findall('TIMEX3'), lambda t: 'm' + t.get('m_id'))
    for e in mk.findall('EVENT_MENTION'):
        doc.events['m' + e.get('m_id')] = ['m' + e.get('m_id')]
    for tl in root.find('Relations').findall('TLINK'):
        a, b = tl.find('source').get('m_id'), tl.find('target').get('m_id')
        doc.links.append(('m' + a, (tl.get('reltype') or tl.get('relType') or '').upper(), 'm' + b))
    # The gold's event coreference: mentions that REFERS_TO one EVENT instance are one event, so
    # they share its time (read as SIMULTANEOUS links between the first mention and the others).
    instances = {e.get('m_id') for e in mk.findall('EVENT')}
    for r in root.find('Relations').findall('REFERS_TO'):
        target = r.find('target')
        if target is None or target.get('m_id') not in instances:
            continue
        mentions = ['m' + x.get('m_id') for x in r.findall('source') if 'm' + x.get('m_id') in doc.events]
        for other in mentions[1:]:
            doc.links.append((mentions[0], 'SIMULTANEOUS', other))
    return doc


# === Running annals =================================================================================
def run_annals(binary, args):
    """Run `annals list --format jsonl ARGS`; returns (events, rc, stderr).  Retries once (rebuilds)."""
    cmd = [binary, 'list', '--format', 'jsonl'] + args
    for attempt in (1, 2):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        except OSError as err:
            rc, out, errtext = -1, '', str(err)
        else:
            rc, out, errtext = p.returncode, p.stdout, p.stderr
        if rc >= 0 and os.path.exists(binary):              # ran (even if it failed): no retry
            break
        time.sleep(5)
    events = [json.loads(l) for l in out.splitlines() if l.strip().startswith('{')] if rc == 0 else []
    return events, rc, errtext.strip()


def period(ev, key='date'):
    """An annals event's (start, end) in seconds with +-INF for open sides, or None if undated.
    key='reported_on': the article's publication where annals places an undated event (flagged there,
    never its date): used only for the timeline's order and the SemEval anchors, never in section 1."""
    d = ev.get(key)
    if not d or (d.get('start') is None and d.get('end') is None):
        return None
    s, e = parse_iso(d.get('start')), parse_iso(d.get('end'))
    return (-INF if s is None else s, INF if e is None else e)


def classify(a, g):
    (a0, a1), (g0, g1) = a, g
    if (a0, a1) == (g0, g1):
        return 'exact'
    if a0 <= g0 and a1 >= g1:
        return 'coarser'
    if a0 >= g0 and a1 <= g1:
        return 'more precise'
    if a1 <= g0 or a0 >= g1:
        return 'contradicting'
    return 'overlapping'


CATS = ['not listed', 'undated', 'exact', 'coarser', 'more precise', 'contradicting', 'overlapping']


# === Section 1 ======================================================================================
def section1(binary, details):
    groups = [('TE3/' + d, os.path.join(CORPORA, 'timeml-tempeval3', d), '.tml', load_timeml) for d in TE3_DIRS]
    groups.append(('MEANTIME', os.path.join(CORPORA, 'meantime/intra_cross-doc_annotation/corpus_airbus'),
                   '.xml', load_cat))
    res, rows, docrows, anomalies = collections.OrderedDict(), [], [], []
    for name, folder, ext, loader in groups:
        evs, rc, err = run_annals(binary, [folder])
        ann = {(e['article'], e['id']): e for e in evs}
        seen = set()
        c = collections.Counter()
        for f in sorted(os.listdir(folder)):
            if not f.endswith(ext):
                continue
            doc = loader(os.path.join(folder, f))
            hulls, bad, why = doc.hulls()
            if bad:
                anomalies.append((name, doc.name, 'INCONSISTENT: %d endpoints (%d events) conflict' % (
                    len(bad), sum(1 for h in hulls.values() if h == 'inconsistent')), '; '.join(why)))
            for what, n in doc.notes.items():
                anomalies.append((name, doc.name, '%s x%d' % (what, n), ' '.join(doc.examples[what])))
            dc = collections.Counter()
            for eid, h in hulls.items():
                e = ann.get((doc.name, eid))
                seen.add((doc.name, eid))
                per = period(e) if e else None
                dc['events'] += 1
                if h == 'inconsistent':
                    cat, bounded = 'gold-inconsistent', False
                else:
                    bounded = h[0] > -INF or h[1] < INF
                    if not bounded:
                        cat = 'unbounded: not listed' if e is None else \
                            'unbounded: undated' if per is None else 'unbounded: annals dated (claim)'
                    else:
                        dc['bounded'] += 1
                        cat = 'not listed' if e is None else 'undated' if per is None else classify(per, h)
                dc[cat] += 1
                if cat not in ('exact', 'unbounded: undated'):
                    gh = ('', '') if h == 'inconsistent' else (iso(h[0]), iso(h[1]))
                    rows.append([name, doc.name, eid, cat, gh[0], gh[1],
                                 (e or {}).get('date') and e['date'].get('text') or '',
                                 iso(per[0]) if per else '', iso(per[1]) if per else '',
                                 ((e or {}).get('summary') or '')[:160]])
            docrows.append([name, doc.name] + [dc[k] for k in ['events', 'bounded'] + CATS +
                           ['gold-inconsistent', 'unbounded: annals dated (claim)']])
            c.update(dc)
            c['documents'] += 1
        c['annals events not in the gold'] = sum(1 for k in ann if k not in seen)
        res[name] = {'counts': dict(c), 'annals_rc': rc, 'annals_error': err if rc else ''}
    total = collections.Counter()
    for name in res:
        if name.startswith('TE3/'):
            total.update(res[name]['counts'])
    res['TE3 total (wsj_0325 twice)'] = {'counts': dict(total), 'annals_rc': 0, 'annals_error': ''}
    if details:
        write_tsv(details, 'closure_events.tsv', ['corpus', 'doc', 'event', 'category', 'gold_start_lb',
                  'gold_end_ub', 'annals_text', 'annals_start', 'annals_end', 'summary'], rows)
        write_tsv(details, 'closure_documents.tsv', ['corpus', 'doc', 'events', 'bounded'] + CATS +
                  ['gold-inconsistent', 'unbounded_dated_claims'], docrows)
        write_tsv(details, 'closure_gold_anomalies.tsv', ['corpus', 'doc', 'what', 'examples'], anomalies)
    return res, anomalies


# === Section 2: SemEval-2015 Task 4 track B =========================================================
def anchor_period(a):
    m = re.match(r'^(\d{4})-(\d\d|XX)-(\d\d|XX)$', a)
    if not m:
        return None
    y = int(m[1])
    if m[2] == 'XX':
        return ts(y), ts(y + 1)
    if m[3] == 'XX':
        return month_span(y, int(m[2]))
    return ts(y, int(m[2]), int(m[3])), ts(y, int(m[2]), int(m[3])) + 86400


def anchor_of(per):
    """annals period -> an anchor string in the gold's format when it is exactly a day, month or year."""
    if per is None or per[0] == -INF or per[1] == INF:
        return None
    d = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=per[0])
    for a in ('%04d-%02d-%02d' % (d.year, d.month, d.day), '%04d-%02d-XX' % (d.year, d.month),
              '%04d-XX-XX' % d.year):
        if anchor_period(a) == tuple(per):
            return a
    return None


def timeline_graph(items):
    """items: {node: (rank, anchor)} -> a minimal relation set [(a, rel, b)] of the timeline graph."""
    groups = collections.defaultdict(list)
    for n, (rank, anchor) in items.items():
        if rank:
            groups[rank].append(n)
    rels, prev = [], None
    for r in sorted(groups):
        g = sorted(groups[r])
        rels += [(g[i], 'SIMULTANEOUS', g[i + 1]) for i in range(len(g) - 1)]
        if prev:
            rels.append((prev[-1], 'BEFORE', g[0]))
        for a in sorted({items[n][1] for n in g if items[n][1]}):
            rels.append((next(n for n in g if items[n][1] == a), 'IS_INCLUDED', 'T:' + a))
        prev = g
    return rels


def point_closure(rels):
    """Point-algebra closure: {p: {q: strict}} for p <= q (strict: p < q).  Points: (node, 's'|'e')."""
    edges = collections.defaultdict(list)
    nodes = {x for a, _, b in rels for x in (a, b)}
    for n in nodes:
        edges[(n, 's')].append(((n, 'e'), True))
    for a, rel, b in rels:
        if rel == 'BEFORE':
            edges[(a, 'e')].append(((b, 's'), True))
        elif rel == 'SIMULTANEOUS':
            for x in 'se':
                edges[(a, x)].append(((b, x), False)); edges[(b, x)].append(((a, x), False))
        elif rel == 'IS_INCLUDED':
            edges[(b, 's')].append(((a, 's'), False)); edges[(a, 'e')].append(((b, 'e'), False))
    reach = {}
    for src in [(n, x) for n in nodes for x in 'se']:
        best, stack = {}, [(src, False)]
        while stack:
            p, strict = stack.pop()
            for q, s in edges[p]:
                s = strict or s
                if q not in best or (s and not best[q]):
                    best[q] = s
                    stack.append((q, s))
        reach[src] = best
    return reach


def entailed(reach, rel):
    a, r, b = rel
    le = lambda p, q, strict=False: q in reach.get(p, {}) and (reach[p][q] or not strict)
    if r == 'BEFORE':
        return le((a, 'e'), (b, 's'), True)
    if r == 'SIMULTANEOUS':
        return all(le((a, x), (b, x)) and le((b, x), (a, x)) for x in 'se')
    if r == 'IS_INCLUDED':
        return le((b, 's'), (a, 's')) and le((a, 'e'), (b, 'e'))
    return False


def temporal_awareness(gold_items, sys_items):
    """UzZaman & Allen: returns (p_num, p_den, r_num, r_den, missed relations, wrong relations)."""
    ref, sys_ = timeline_graph(gold_items), timeline_graph(sys_items)
    ref_c, sys_c = point_closure(ref), point_closure(sys_)
    wrong = [r for r in sys_ if not entailed(ref_c, r)]
    missed = [r for r in ref if not entailed(sys_c, r)]
    return len(sys_) - len(wrong), len(sys_), len(ref) - len(missed), len(ref), missed, wrong


def prf(pn, pd, rn, rd):
    """Precision pn/pd, recall rn/rd and F1; an empty denominator counts as 0."""
    p, r = pn / pd if pd else 0.0, rn / rd if rd else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def stem_of(name):
    return re.sub('[^0-9a-z]+', '_', name.lower().replace('&', '_and_'))


def section2(binary, details, scratch, aliases=None):
    base = os.path.join(CORPORA, 'semeval2015-task4-timeline/corpus_1')
    tmldir = os.path.join(base, 'corpus_trackB_TimeML')
    names = [l.strip() for l in open(os.path.join(base, 'list_target_entities_corpus_1.txt')) if l.strip()]
    entfile = os.path.join(scratch, 'entities.txt')
    with open(entfile, 'w') as fh:
        fh.write('\n'.join(names) + '\n')
    gold, anomalies = {}, []                                  # file stem -> {mention: (rank, anchor)}
    gdir = os.path.join(base, 'TimeLines_Gold_Standard')
    for f in sorted(os.listdir(gdir)):
        lines = open(os.path.join(gdir, f)).read().splitlines()
        items = {}
        for l in lines[1:]:
            fields = l.split('\t')
            if len(fields) >= 3:
                for m in fields[2:]:
                    items[m.strip()] = (int(fields[0]), fields[1].strip())
        stem = f[:-4]
        gold[stem] = items
        if stem not in [stem_of(n) for n in names] or lines[0].strip() not in names:
            anomalies.append('%s: header %r is not in the target list (matched by file name)' % (f, lines[0].strip()))
    allgold = {m for items in gold.values() for m in items}
    # (DOCID, eid) -> gold mention id.  Exact DOCID-<s id>-<text>; else (track-B EVENT tags cover only the first
    # word of multi-word gold mentions such as 61389-2-job_cuts) the one gold mention of that sentence whose
    # first '_' part is the event text.
    mention, by_prefix = {}, 0
    for f in sorted(os.listdir(tmldir)):
        root = ET.parse(os.path.join(tmldir, f)).getroot()
        docid = root.findtext('DOCID').strip()
        for s in root.iter('s'):
            for e in s.iter('EVENT'):
                m = '%s-%s-%s' % (docid, s.get('id'), '_'.join(''.join(e.itertext()).split()))
                if m not in allgold:
                    cands = [g for g in allgold if '_' in g and g.split('_')[0] == m]
                    if len(cands) == 1:
                        m, by_prefix = cands[0], by_prefix + 1
                mention[(docid, e.get('eid'))] = m
    known = set(mention.values())
    anomalies += ['gold mention with no TimeML EVENT: %s' % m for m in sorted(allgold - known)]

    def mapped(evs):
        """Gold mention -> where annals places it: its date, else (flagged) its report date."""
        out, unmapped = {}, 0
        for e in evs:
            m = mention.get((e['article'], e['id']))
            if m is None:
                unmapped += 1
            elif m not in out:
                out[m] = period(e) or period(e, 'reported_on')
                if period(e) is None and out[m] is not None:
                    reported.add(m)
        return out, unmapped

    def sys_items(found):
        order = sorted({p for p in found.values() if p})
        rank = {p: i + 1 for i, p in enumerate(order)}
        return {m: ((rank[p], anchor_of(p)) if p else (0, None)) for m, p in found.items()}

    reported = set()                      # mentions placed only at their article's publication
    allevs, rc_all, err_all = run_annals(binary, [tmldir])
    everything, unmapped_all = mapped(allevs)
    res = {'entities': collections.OrderedDict(), 'annals_events': len(allevs), 'unmapped': unmapped_all,
           'unfiltered_error': err_all if rc_all else '', 'mapped_by_first_word': by_prefix,
           'gold_anomalies': anomalies}
    mrows, orows, arows = [], [], []
    anchors_total, anchors_seen = collections.Counter(), set()
    for name in names:
        g = gold.get(stem_of(name))
        if g is None:
            res['entities'][name] = {'error': 'no gold timeline'}
            continue
        ent = {'gold_mentions': len(g)}
        variants = {'actor': ['--actor', name, tmldir], 'entities': ['--entities', entfile, '--actor', name, tmldir]}
        if aliases:
            variants['entities+aliases'] = ['--entities', aliases, '--actor', name, tmldir]
        for v, args in variants.items():
            evs, rc, err = run_annals(binary, args)
            found, unm = mapped(evs)
            tp = sum(1 for m in found if m in g)
            fp, fn = len(found) - tp + unm, len(g) - tp
            common = {m: p for m, p in found.items() if m in g}
            ta = temporal_awareness({m: g[m] for m in common}, sys_items(common))
            orows += [[name, v, kind, *r] for kind, rels in (('missed', ta[4]), ('wrong', ta[5])) for r in rels]
            ent[v] = {'rc': rc, 'stderr': err.splitlines()[-1] if err else '', 'listed': len(evs),
                      'tp': tp, 'fp': fp, 'fn': fn, 'unmapped': unm, 'ta': ta[:4]}
            for m in sorted(set(found) | set(g)):
                st = 'tp' if m in found and m in g else 'fp' if m in found else 'fn'
                if st != 'tp':
                    mrows.append([name, v, m, st, *(g.get(m, ('', '')))])
        common = {m: p for m, p in everything.items() if m in g}
        ta = temporal_awareness({m: g[m] for m in common}, sys_items(common))
        ent['oracle'] = {'common': len(common), 'ta': ta[:4]}
        orows += [[name, 'oracle', kind, *r] for kind, rels in (('missed', ta[4]), ('wrong', ta[5])) for r in rels]
        anc = collections.Counter()
        for m, (rank, a) in sorted(g.items()):
            ap = anchor_period(a)
            if ap is None:
                continue
            if m not in everything:
                c = 'not listed'
            elif everything[m] is None:
                c = 'undated'
            else:
                c = classify(everything[m], ap)
                c = 'incompatible' if c == 'contradicting' else 'compatible: ' + c
                if m in reported:
                    c = 'reported on: ' + c
            anc[c] += 1
            if m not in anchors_seen:
                anchors_seen.add(m)
                anchors_total[c] += 1
            if not c.startswith('compatible: exact'):
                p = everything.get(m)
                arows.append([name, m, a, c, iso(p[0]) if p else '', iso(p[1]) if p else ''])
        ent['anchors'] = dict(anc)
        res['entities'][name] = ent
    res['anchors_distinct_mentions'] = dict(anchors_total)
    if details:
        write_tsv(details, 'timeline_mentions.tsv', ['entity', 'variant', 'mention', 'status', 'gold_rank', 'gold_anchor'], mrows)
        write_tsv(details, 'timeline_order.tsv', ['entity', 'variant', 'missed (gold not entailed by annals) / wrong (annals not entailed by gold)', 'a', 'relation', 'b'], orows)
        write_tsv(details, 'timeline_anchors.tsv', ['entity', 'mention', 'gold_anchor', 'category', 'annals_start', 'annals_end'], arows)
    return res


def write_tsv(folder, name, header, rows):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), 'w') as fh:
        for r in [header] + rows:
            fh.write('\t'.join(str(x).replace('\t', ' ').replace('\n', ' ') for x in r) + '\n')


# === Report =========================================================================================
def pct(n, d):
    return '%5.1f%%' % (100.0 * n / d) if d else '    -'


def report(cmdline, s1, anomalies, s2):
    out = ['$ ' + cmdline, '', '== 1. Gold bounds by temporal closure (TempEval-3 TimeML, MEANTIME CAT) ==', '']
    hdr = ['corpus', 'docs', 'events', 'bounded'] + CATS + ['inconsist.', 'unbnd dated', 'gold unmatched', 'annals unmatched']
    out.append(' | '.join(hdr))
    for name, r in s1.items():
        c = r['counts']
        b = c.get('bounded', 0)
        out.append(' | '.join([name, str(c.get('documents', 0)), str(c.get('events', 0)), str(b)] +
                              ['%d %s' % (c.get(k, 0), pct(c.get(k, 0), b).strip()) for k in CATS] +
                              [str(c.get(k, 0)) for k in ('gold-inconsistent', 'unbounded: annals dated (claim)')] +
                              [str(c.get('not listed', 0) + c.get('unbounded: not listed', 0)),
                               str(c.get('annals events not in the gold', 0))]))
        if r['annals_rc']:
            out.append('   annals failed (rc %s): %s' % (r['annals_rc'], r['annals_error'][-300:]))
    out += ['', '(% of gold-bounded events; "unbnd dated" = annals dates for events the gold does not bound: all',
            ' "more precise than the gold" claims; gold unmatched = gold events (bounded or not) that annals does not',
            ' list under article + id; annals unmatched = annals events with no gold EVENT of that article + id.)',
            '', 'Gold anomalies:']
    out += ['  %s %s: %s -- %s' % a for a in anomalies if not a[2].startswith('timex skipped: type')]
    out += ['', '== 2. SemEval-2015 Task 4 track B (entity timelines, corpus_1) ==', '',
            'annals lists %d events over the 30 track-B files (%d not mappable to a gold mention id).'
            % (s2['annals_events'], s2['unmapped']),
            '%d TimeML events were mapped to a multi-word gold mention by their first word.' % s2['mapped_by_first_word'],
            'Gold anomalies:'] + ['  ' + a for a in s2['gold_anomalies']]
    if s2['unfiltered_error']:
        out.append('unfiltered run failed: ' + s2['unfiltered_error'][-300:])
    for v in ('actor', 'entities', 'entities+aliases'):
        out += ['', 'Mentions, variant --%s:' % v, 'entity | gold | listed | tp | fp | fn | P | R | F1 | TA P/R/F1 | annals said']
        tot, macro, tas = collections.Counter(), [], collections.Counter()
        for name, ent in s2['entities'].items():
            if v not in ent:
                continue
            e = ent[v]
            p, r, f = prf(e['tp'], e['tp'] + e['fp'], e['tp'], e['tp'] + e['fn'])
            tot.update({k: e[k] for k in ('tp', 'fp', 'fn')})
            macro.append((p, r, f))
            tas.update(dict(zip(('pn', 'pd', 'rn', 'rd'), e['ta'])))
            tp_, tr_, tf_ = prf(*e['ta'])
            out.append('%s | %d | %d | %d | %d | %d | %.3f | %.3f | %.3f | %s | %s' % (
                name, ent['gold_mentions'], e['listed'], e['tp'], e['fp'], e['fn'], p, r, f,
                '%.2f/%.2f/%.2f' % (tp_, tr_, tf_) if e['ta'][1] or e['ta'][3] else 'n/a',
                ('rc=%d ' % e['rc'] if e['rc'] else '') + e['stderr'][:90]))
        p, r, f = prf(tot['tp'], tot['tp'] + tot['fp'], tot['tp'], tot['tp'] + tot['fn'])
        n = len(macro) or 1
        out.append('micro: P %.3f R %.3f F1 %.3f | macro: P %.3f R %.3f F1 %.3f | TA micro P/R/F1 %s' % (
            p, r, f, sum(x[0] for x in macro) / n, sum(x[1] for x in macro) / n, sum(x[2] for x in macro) / n,
            '%.3f/%.3f/%.3f' % prf(*(tas['pn'], tas['pd'], tas['rn'], tas['rd']))))
    out += ['', 'Ordering with oracle entity linking (unfiltered annals run, restricted to each entity\'s gold mentions):',
            'entity | common mentions | Sys- in Ref+ / Sys- | Ref- in Sys+ / Ref- | P | R | F1']
    tas = collections.Counter()
    for name, ent in s2['entities'].items():
        if 'oracle' not in ent:
            continue
        t = ent['oracle']['ta']
        tas.update(dict(zip(('pn', 'pd', 'rn', 'rd'), t)))
        out.append('%s | %d | %d/%d | %d/%d | %.3f | %.3f | %.3f' % ((name, ent['oracle']['common']) + tuple(t) + prf(*t)))
    out.append('micro: P %.3f R %.3f F1 %.3f' % prf(*(tas['pn'], tas['pd'], tas['rn'], tas['rd'])))
    out += ['', 'Anchors placed (gold mentions with a (partly) known anchor; unfiltered run):',
            'entity | ' + ' | '.join(ANCHOR_CATS)]
    for name, ent in s2['entities'].items():
        if 'anchors' in ent:
            a = ent['anchors']
            out.append('%s | %s' % (name, ' | '.join(str(a.get(k, 0)) for k in ANCHOR_CATS)))
    a = s2['anchors_distinct_mentions']
    n = sum(a.values())
    out.append('distinct mentions (%d) | %s' % (n, ' | '.join('%d %s' % (a.get(k, 0), pct(a.get(k, 0), n).strip()) for k in ANCHOR_CATS)))
    out += ['', '== Choices ==', CHOICES]
    return '\n'.join(out) + '\n'


ANCHOR_CATS = ['compatible: exact', 'compatible: more precise', 'compatible: coarser', 'compatible: overlapping',
               'incompatible', 'reported on: compatible: exact', 'reported on: compatible: more precise',
               'reported on: compatible: coarser', 'reported on: compatible: overlapping', 'reported on: incompatible',
               'undated', 'not listed']


# === Self-test ======================================================================================
def selftest():
    D = lambda *a: ts(*a)
    assert parse_value('2013-W11')[:2] == (D(2013, 3, 11), D(2013, 3, 18))
    assert parse_value('2000-W7')[:2] == (D(2000, 2, 14), D(2000, 2, 21))
    assert parse_value('1991-W08-WE')[:2] == (D(1991, 2, 23), D(1991, 2, 25))
    assert parse_value('198X')[:2] == (D(1980), D(1990)) and parse_value('199')[:2] == (D(1990), D(2000))
    assert parse_value('19')[:2] == (D(1900), D(2000))
    assert parse_value('1989-Q3')[:2] == (D(1989, 7), D(1989, 10)) and parse_value('1990-H1')[:2] == (D(1990), D(1990, 7))
    assert parse_value('1989-SU')[:2] == (D(1989, 6), D(1989, 9)) and parse_value('2012-WI')[:2] == (D(2012, 12), D(2013, 3))
    assert parse_value('2000-01-05TEV')[:2] == (D(2000, 1, 5, 18), D(2000, 1, 6))
    assert parse_value('1998-02-27T08:09') [:2] == (D(1998, 2, 27, 8, 9), D(1998, 2, 27, 8, 10))
    assert parse_value('2012-XX-XX') == (D(2012), D(2013), True) and parse_value('1988-QX')[2]
    assert parse_value('P1M') is None and parse_value('XXXX-WI') is None and parse_value('PAST_REF') is None

    def doc(times, links, events):
        d = Doc('t')
        for tid, v, mod in times:
            d.add_timex(tid, 'DATE', v, mod)
        for e in events:
            d.events[e] = [e]
        d.links = links
        return d
    # A chain through events: e1 in Feb 1998, e2 after e1 and before the DCT, e3 before e1.
    d = doc([('t1', '1998-02', ''), ('t0', '1998-03-05', '')],
            [('e1', 'IS_INCLUDED', 't1'), ('e2', 'AFTER', 'e1'), ('e2', 'BEFORE', 't0'), ('e3', 'BEFORE', 'e1'),
             ('e4', 'IBEFORE', 'e2')], ['e1', 'e2', 'e3', 'e4'])
    h, bad, _ = d.hulls()
    assert not bad
    assert h['e1'] == (D(1998, 2), D(1998, 3)) and h['e2'] == (D(1998, 2), D(1998, 3, 5))
    assert h['e3'] == (-INF, D(1998, 3)) and h['e4'] == (-INF, D(1998, 3, 5))
    # An inconsistency: inside February, after March.
    d = doc([('t1', '1998-02', ''), ('t2', '1998-03', '')], [('e1', 'IS_INCLUDED', 't1'), ('e1', 'AFTER', 't2')], ['e1', 'e5'])
    h, bad, _ = d.hulls()
    assert h['e1'] == 'inconsistent' and h['e5'] == (-INF, INF) and bad
    # Mods: the start / end of 1998 are its halves; BEFORE 1990 bounds only the end.
    d = doc([('t1', '1998', 'START'), ('t2', '1998', 'END'), ('t3', '1990', 'BEFORE')],
            [('e1', 'IS_INCLUDED', 't1'), ('e2', 'DURING', 't2'), ('e3', 'SIMULTANEOUS', 't3')], ['e1', 'e2', 'e3'])
    h, _, _ = d.hulls()
    mid = D(1998) + (D(1999) - D(1998)) // 2
    assert h['e1'] == (D(1998), mid) and h['e2'] == (mid, D(1999)) and h['e3'] == (-INF, D(1990))
    # INCLUDES gives no hull; a self-loop is skipped, not an instant.
    d = doc([('t1', '1998-02-13', '')], [('e1', 'INCLUDES', 't1'), ('e2', 'BEFORE', 'e2')], ['e1', 'e2'])
    h, bad, _ = d.hulls()
    assert h['e1'] == (-INF, INF) and not bad and d.notes['self-loop TLINK skipped'] == 1
    # Classification.
    assert classify((-INF, D(1947, 2)), (-INF, D(1947, 2))) == 'exact'
    assert classify((D(1998), D(1999)), (D(1998, 2), D(1998, 3))) == 'coarser'
    assert classify((D(1998, 2, 13), D(1998, 2, 14)), (-INF, D(1998, 3))) == 'more precise'
    assert classify((D(1999), D(2000)), (-INF, D(1998, 3))) == 'contradicting'
    # Temporal awareness: identical timelines score 1, a reversed order scores 0 on BEFORE links.
    g = {'a': (1, '2005-XX-XX'), 'b': (2, '2005-06-13'), 'c': (2, '2005-06-13'), 'd': (0, 'XXXX-XX-XX')}
    assert temporal_awareness(g, dict(g))[:4] == (4, 4, 4, 4)
    rev = {'a': (2, None), 'b': (1, None), 'c': (1, None), 'd': (0, None)}
    pn, pd, rn, rd = temporal_awareness(g, rev)[:4]
    assert (pn, pd, rn, rd) == (1, 2, 1, 4)          # only b = c survives both ways
    assert anchor_of((D(2007), D(2008))) == '2007-XX-XX' and anchor_of((D(2007, 10), D(2007, 11))) == '2007-10-XX'
    print('selftest: all assertions passed')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--annals', default=os.path.join(REPO, 'target', 'release', 'annals'), help='the annals binary')
    ap.add_argument('--aliases', default=os.path.join(HERE, 'semeval_corpus1_entities.txt'), metavar='FILE',
                    help='an --entities file with aliases for the third SemEval variant (default: %(default)s)')
    ap.add_argument('--json', metavar='FILE', help="write a JSON summary ('-' = stdout instead of the report)")
    ap.add_argument('--details', metavar='DIR', help='write per-event TSVs of every disagreement')
    ap.add_argument('--selftest', action='store_true', help='check the closure and scoring on small cases')
    a = ap.parse_args()
    if a.selftest:
        return selftest()
    cmdline = ' '.join(shlex.quote(x) for x in sys.argv)
    if not os.path.exists(a.annals):                        # maybe being rebuilt: wait once
        time.sleep(5)
        if not os.path.exists(a.annals):
            sys.exit('fidelity: no annals binary at %s (use --annals PATH)' % a.annals)
    s1, anomalies = section1(a.annals, a.details)
    with tempfile.TemporaryDirectory(prefix='fid-') as scratch:        # holds the --entities list
        s2 = section2(a.annals, a.details, scratch, a.aliases if os.path.exists(a.aliases) else None)
    if a.json:
        summary = {'command': cmdline, 'closure': s1, 'gold_anomalies': anomalies, 'timelines': s2}
        text = json.dumps(summary, indent=1, default=str)
        if a.json == '-':
            return print(text)
        open(a.json, 'w').write(text)
    sys.stdout.write(report(cmdline, s1, anomalies, s2))


if __name__ == '__main__':
    main()
