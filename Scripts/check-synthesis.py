#!/usr/bin/env python3
"""Check a pipeline definition's synthetic-data parameters against its published figures.

    Scripts/check-synthesis.py PIPELINE.yaml [PIPELINE.yaml ...] [--failures-only]

For every `published:` entry of every table, this computes analytically (no sampling)
the value the figure takes in the POPULATION the synthetic respondents are drawn from,
and checks that it lies in the published number's rounding interval: `80` stands for
[79.5, 80.5), `2.1` for [2.05, 2.15) (the resolution is the unit of the last digit
written in the YAML), a `rank` of 3 for rank 3 exactly. It also prints the UNWEIGHTED
value, the same figure computed over the synthetic sample's composition (`synthesis.
sample`), so you can see which figures the deliberate skew biases before weighting.
Exit status: 0 when every figure is OK and the parameters are well formed, 1 otherwise,
2 on usage errors.

Population model (the one `tally synth` samples from, see the issue-4 schema):
- The demographic fields drawn by `synthesis.sample` are independent of one another
  (or, with `within`, conditional on an earlier one). The population distribution of a
  field is its weighting margin's targets (normalized: shares, percent or counts; with
  `within`, conditional on the group); a sampled field without a margin keeps its
  sample distribution. The unweighted value uses the sample shares for every field.
- Every other read field is answered independently given the respondent's cell, from
  its `synth` parameters for the category of `synth.by` (default `synthesis.by`), or
  `default`. `synth.asked` routes it: others leave it blank (outside the table's base).
- Single/scale: a probability per code; codes declared `base: false` are counted but
  leave the percent base. Multi: independent mention probabilities; a net is "any of".
  Numeric: a normal clamped to the field's `range` (its mean is computed exactly;
  rounding to `round` is ignored). Derived `count`: the sum of the source's mention
  probabilities. Derived `bins` of a sampled field are the sampled categories.
- A banner column restricts to the category of the banner field; a table `filter`
  weighs each cell by the probability of passing it (categorical codes, or any of the
  multi options), independently of the tabulated answer given the cell.
- percent = 100 * P(row) / P(in base); ratio = P(numerator codes) / P(denominator
  codes) (a `less_likely` figure is compared as 1 / ratio); mean as above; rank = 1 +
  the number of answers (in-base codes or options; nets excluded) of the same column
  with a strictly larger population percent.
Mess (blanks, duplicates, speeders...) is not part of the population and is ignored,
except in the rough estimate of the rejected share printed at the end.
"""

import argparse
import math
import re
import sys
from decimal import Decimal

try:
    import yaml
except ImportError:  # pragma: no cover
    print("check-synthesis.py needs PyYAML: pip install pyyaml", file=sys.stderr)
    sys.exit(2)


# ----------------------------------------------------------------------------- YAML
class _Int(int):
    text = None


class _Float(float):
    text = None


class Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans (NO, Yes, on stay text) that remembers number text."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                             list("tTfF"))


def _int(loader, node):
    v = _Int(yaml.SafeLoader.construct_yaml_int(loader, node))
    v.text = node.value
    return v


def _float(loader, node):
    v = _Float(yaml.SafeLoader.construct_yaml_float(loader, node))
    v.text = node.value
    return v


Loader.add_constructor("tag:yaml.org,2002:int", _int)
Loader.add_constructor("tag:yaml.org,2002:float", _float)


def text(v):
    """A code or name as written in the YAML."""
    if isinstance(v, bool):
        return "true" if v else "false"
    t = getattr(v, "text", None)
    return t if t is not None else str(v)


def resolution(v):
    """The unit of the last written digit of a number (80 -> 1, 2.1 -> 0.1)."""
    t = text(v).replace("_", "")
    try:
        exp = Decimal(t).as_tuple().exponent
    except Exception:
        return 1.0
    return float(Decimal(1).scaleb(exp))


# ----------------------------------------------------------------------------- model
class SpecError(Exception):
    pass


class Definition:
    def __init__(self, path):
        with open(path, encoding="utf-8") as fh:
            self.doc = yaml.load(fh, Loader=Loader)
        self.path = path
        self.errors = []
        self.warnings = []
        d = self.doc
        self.fields = {}
        for f in d.get("fields") or []:
            self.fields[f["name"]] = self._field(f)
        for f in d.get("derived") or []:
            self.fields[f["name"]] = self._derived(f)
        self.banners = {b["name"]: b for b in d.get("banners") or []}
        self.tables = d.get("tables") or []
        self.synthesis = d.get("synthesis")
        if not self.synthesis:
            raise SpecError("the definition has no `synthesis` section")
        self.default_by = self.synthesis.get("by")
        self.sample_order = [text(k) for k in (self.synthesis.get("sample") or {})]
        self.margins = (d.get("weighting") or {}).get("margins") or []
        self.pop_cells = self._cells(population=True)
        self.smp_cells = self._cells(population=False)
        self._check_synth()

    # -- fields
    def _field(self, f):
        kind = f["type"]
        spec = {"name": f["name"], "kind": kind, "synth": f.get("synth"), "label": f.get("label", f["name"])}
        if kind in ("single", "scale"):
            spec["codes"] = [text(c["code"]) for c in f["codes"]]
            spec["in_base"] = [c.get("base", True) is not False for c in f["codes"]]
            spec["nets"] = [(text(n["label"]), [spec["codes"].index(text(c)) for c in n["codes"]]) for n in f.get("nets") or []]
        elif kind == "multi":
            spec["options"] = [text(o["column"]) for o in f["options"]]
            spec["nets"] = [(text(n["label"]), [spec["options"].index(text(c)) for c in n["options"]]) for n in f.get("nets") or []]
        elif kind == "numeric":
            r = f.get("range")
            spec["range"] = (float(r[0]), float(r[1])) if r else (-math.inf, math.inf)
        return spec

    def _derived(self, f):
        kind = f["type"]
        spec = {"name": f["name"], "kind": kind, "from": f["from"], "synth": None, "label": f.get("label", f["name"])}
        if kind == "bins":
            spec["codes"] = [text(b["code"]) for b in f["bins"]]
            spec["in_base"] = [True] * len(spec["codes"])
            spec["nets"] = []
        return spec

    def categories(self, name):
        f = self.fields[name]
        if "codes" not in f:
            raise SpecError(f"'{name}' is not a categorical field")
        return f["codes"]

    # -- demographic cells
    def _dist(self, field, population):
        """(within field or None, {group: {code: share}} or {code: share}) for a sampled field."""
        codes = self.categories(field)
        if population:
            plain = [m for m in self.margins if text(m["field"]) == field and not m.get("within")]
            within = [m for m in self.margins if text(m["field"]) == field and m.get("within")]
            if within:
                m = within[0]
                groups = {text(g): self._normalize(t, codes, f"weighting margin {field} within {m['within']}[{text(g)}]")
                          for g, t in m["targets"].items()}
                return text(m["within"]), groups
            if plain:
                return None, self._normalize(plain[0]["targets"], codes, f"weighting margin {field}")
        s = self.synthesis["sample"][field]
        if isinstance(s, dict) and "shares" in s:
            if s.get("within"):
                return text(s["within"]), {text(g): self._normalize(t, codes, f"synthesis.sample.{field}[{text(g)}]", exact=True)
                                           for g, t in s["shares"].items()}
            s = s["shares"]
        return None, self._normalize(s, codes, f"synthesis.sample.{field}", exact=True)

    def _normalize(self, targets, codes, where, exact=False):
        t = {text(k): float(v) for k, v in targets.items()}
        missing = [c for c in codes if c not in t]
        extra = [c for c in t if c not in codes]
        if missing or extra:
            self.errors.append(f"{where}: missing codes {missing}, unknown codes {extra}")
        total = sum(t.values())
        if exact and abs(total - 1) > 1e-6:
            self.errors.append(f"{where}: shares add up to {total:.6f}, not 1")
        return {c: t.get(c, 0.0) / total for c in codes}

    def _cells(self, population):
        cells = [({}, 1.0)]
        for field in self.sample_order:
            within, dist = self._dist(field, population)
            out = []
            for cell, w in cells:
                shares = dist[cell[within]] if within else dist
                for code, s in shares.items():
                    if s > 0:
                        out.append(({**cell, field: code}, w * s))
            cells = out
        return cells

    # -- synth models
    def model(self, name, cell):
        """(asked: bool, parameters) of a synthesized field in a cell."""
        f = self.fields[name]
        s = f["synth"] or {}
        asked = s.get("asked")
        if asked and cell.get(text(asked["field"])) not in [text(c) for c in asked["codes"]]:
            return False, None
        by = text(s.get("by", self.default_by))
        key = cell.get(by)
        if key is None:
            raise SpecError(f"field '{name}': synth.by '{by}' is not a sampled field")
        if f["kind"] == "numeric":
            def pick(v):
                if isinstance(v, dict):
                    if key in {text(k) for k in v}:
                        return float({text(k): x for k, x in v.items()}[key])
                    if "default" in v:
                        return float(v["default"])
                    raise SpecError(f"field '{name}': no numeric parameter for {by}={key}")
                return float(v)
            return True, (pick(s["mean"]), pick(s["sd"]))
        p = {text(k): v for k, v in (s.get("p") or {}).items()}
        params = p.get(key, s.get("default"))
        if params is None:
            raise SpecError(f"field '{name}': no synth parameters for {by}={key} and no default")
        return True, [float(x) for x in params]

    def member_prob(self, name, members, cell):
        """P(the respondent's answer to `name` is one of `members`) in a cell (0 when not asked)."""
        f = self.fields[name]
        if name in cell:
            return 1.0 if cell[name] in members else 0.0
        if f["kind"] == "bins":
            raise SpecError(f"bins field '{name}' is not sampled")
        asked, p = self.model(name, cell)
        if not asked:
            return 0.0
        if f["kind"] in ("single", "scale"):
            return sum(p[f["codes"].index(m)] for m in members)
        if f["kind"] == "multi":
            none = 1.0
            for m in members:
                none *= 1 - p[f["options"].index(m)]
            return 1 - none
        raise SpecError(f"'{name}' cannot be a banner or filter field")

    # -- structural checks of the synth parameters
    def _check_synth(self):
        d = self.doc
        skip = set(self.sample_order) | {text((d.get("input") or {}).get("id", "")), text((d.get("input") or {}).get("weight", ""))}
        dur = (self.synthesis.get("duration") or {}).get("field")
        if dur:
            skip.add(text(dur))
        bins_sources = {f["from"] for f in self.fields.values() if f["kind"] == "bins" and f["name"] in self.sample_order}
        skip |= bins_sources
        routed = {}
        for rule in ((d.get("cleaning") or {}).get("routing") or []):
            for qn in rule["questions"]:
                routed[text(qn)] = (text(rule["asked"]["field"]), sorted(text(c) for c in rule["asked"]["codes"]))
        for f in d.get("fields") or []:
            name = f["name"]
            if name in skip:
                continue
            spec = self.fields[name]
            s = spec["synth"]
            if not s:
                self.errors.append(f"field '{name}': no synth parameters")
                continue
            asked = s.get("asked")
            a = (text(asked["field"]), sorted(text(c) for c in asked["codes"])) if asked else None
            if routed.get(name) != a:
                self.errors.append(f"field '{name}': synth.asked {a} differs from its cleaning.routing rule {routed.get(name)}")
            by = text(s.get("by", self.default_by))
            if by not in self.sample_order:
                self.errors.append(f"field '{name}': synth.by '{by}' is not a sampled field")
                continue
            cats = self.categories(by)
            if spec["kind"] == "numeric":
                continue
            n = len(spec["codes"]) if "codes" in spec else len(spec["options"])
            p = {text(k): v for k, v in (s.get("p") or {}).items()}
            for k in p:
                if k not in cats:
                    self.errors.append(f"field '{name}': synth.p has '{k}', not a code of '{by}'")
            needed = [c for c in cats if not a or by != a[0] or c in a[1]]
            for c in needed:
                if c not in p and s.get("default") is None:
                    self.errors.append(f"field '{name}': no synth.p for {by}={c} and no default")
            for k, v in list(p.items()) + ([("default", s["default"])] if s.get("default") is not None else []):
                v = [float(x) for x in v]
                if len(v) != n:
                    self.errors.append(f"field '{name}': synth.p[{k}] has {len(v)} values for {n} {'codes' if 'codes' in spec else 'options'}")
                    continue
                if any(x < 0 or x > 1 for x in v):
                    self.errors.append(f"field '{name}': synth.p[{k}] has a probability outside [0, 1]")
                if "codes" in spec:
                    if abs(sum(v) - 1) > 1e-6:
                        self.errors.append(f"field '{name}': synth.p[{k}] adds up to {sum(v):.6f}, not 1")
                    zero = [spec["codes"][i] for i, x in enumerate(v) if x == 0 and spec["in_base"][i]]
                else:
                    zero = [spec["options"][i] for i, x in enumerate(v) if x == 0]
                if zero:
                    self.warnings.append(f"field '{name}': synth.p[{k}] gives {zero} probability 0")


# ----------------------------------------------------------------------------- figures
def clamped_normal_mean(m, s, lo, hi):
    if s <= 0:
        return min(max(m, lo), hi)
    cdf = lambda z: 0.5 * (1 + math.erf(z / math.sqrt(2)))
    pdf = lambda z: math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    a = (lo - m) / s if lo > -math.inf else -math.inf
    b = (hi - m) / s if hi < math.inf else math.inf
    ca, cb = (cdf(a) if a > -math.inf else 0.0), (cdf(b) if b < math.inf else 1.0)
    pa, pb = (pdf(a) if a > -math.inf else 0.0), (pdf(b) if b < math.inf else 0.0)
    low = lo * ca if a > -math.inf else 0.0
    high = hi * (1 - cb) if b < math.inf else 0.0
    return low + high + m * (cb - ca) + s * (pa - pb)


class Evaluator:
    def __init__(self, d, cells):
        self.d, self.cells = d, cells

    def base_weights(self, table, fig):
        """Per cell: weight x column membership x filter probability x asked."""
        d = self.d
        banner = d.banners[fig["banner"]]
        col = text(fig["column"])
        filt = table.get("filter")
        field = d.fields[table["field"]]
        out = []
        for cell, w in self.cells:
            x = w
            if col != "total":
                x *= d.member_prob(text(banner["field"]), [col], cell)
            if filt:
                members = [text(c) for c in (filt.get("codes") or filt.get("options"))]
                x *= d.member_prob(text(filt["field"]), members, cell)
            if x == 0:
                continue
            src = field["from"] if field["kind"] == "count" else field["name"]
            if src not in cell and d.fields[src]["synth"] is not None:
                asked, _ = d.model(src, cell)
                if not asked:
                    continue
            out.append((cell, x))
        return out

    def answer_dist(self, field, cell):
        """categorical: probabilities per code; multi: mention probabilities per option."""
        d = self.d
        if field["name"] in cell:
            return [1.0 if c == cell[field["name"]] else 0.0 for c in field["codes"]]
        return d.model(field["name"], cell)[1]

    def percents(self, table, fig):
        """{row: population percent} for every answer row and net of the table's field."""
        field = self.d.fields[table["field"]]
        bw = self.base_weights(table, fig)
        rows = field["codes"] if "codes" in field else field["options"]
        num = {r: 0.0 for r in rows}
        nets = {lab: 0.0 for lab, _ in field["nets"]}
        den = 0.0
        for cell, x in bw:
            p = self.answer_dist(field, cell)
            if "codes" in field:
                den += x * sum(pi for pi, ib in zip(p, field["in_base"]) if ib)
                for r, pi in zip(rows, p):
                    num[r] += x * pi
                for lab, mem in field["nets"]:
                    nets[lab] += x * sum(p[i] for i in mem)
            else:
                den += x
                for r, pi in zip(rows, p):
                    num[r] += x * pi
                for lab, mem in field["nets"]:
                    nets[lab] += x * (1 - math.prod(1 - p[i] for i in mem))
        if den == 0:
            raise SpecError(f"table '{table['name']}': empty base in column {fig['banner']}:{text(fig['column'])}")
        answers = {r: 100 * v / den for r, v in num.items()}
        if "codes" in field:
            answers = {r: v for (r, v), ib in zip(answers.items(), field["in_base"]) if ib}
        return answers, {lab: 100 * v / den for lab, v in nets.items()}

    def value(self, table, fig):
        """(value, detail text) of a published figure."""
        d = self.d
        stat = fig["statistic"]
        field = d.fields[table["field"]]
        row = text(fig.get("row", "")) if fig.get("row") is not None else ""
        if stat in ("percent", "rank"):
            answers, nets = self.percents(table, fig)
            m = re.fullmatch(r"net(\d+)", row)
            if row in answers:
                v = answers[row]
            elif row in nets:
                v = nets[row]
            elif m and 1 <= int(m.group(1)) <= len(field["nets"]):
                v = nets[field["nets"][int(m.group(1)) - 1][0]]
            else:
                raise SpecError(f"table '{table['name']}': unknown row '{row}'")
            if stat == "percent":
                return v, ""
            if row not in answers:
                raise SpecError(f"table '{table['name']}': a rank needs an answer row, not '{row}'")
            rank = 1 + sum(1 for r, x in answers.items() if r != row and x > v)
            above = [x for r, x in answers.items() if r != row and x > v]
            below = [x for r, x in answers.items() if r != row and x <= v]
            gaps = []
            if above:
                gaps.append(f"+{min(above) - v:.1f} above")
            if below:
                gaps.append(f"-{v - max(below):.1f} below")
            return float(rank), f"{v:.1f}% ({', '.join(gaps)})"
        if stat == "ratio":
            r = table["ratio"]
            nc = [field["codes"].index(text(c)) for c in r["numerator"]]
            dc = [field["codes"].index(text(c)) for c in r["denominator"]]
            num = den = 0.0
            for cell, x in self.base_weights(table, fig):
                p = self.answer_dist(field, cell)
                num += x * sum(p[i] for i in nc)
                den += x * sum(p[i] for i in dc)
            v = num / den
            if fig.get("less_likely"):
                return 1 / v, f"ratio {v:.4f}"
            return v, ""
        if stat == "mean":
            tot = wsum = 0.0
            for cell, x in self.base_weights(table, fig):
                if field["kind"] == "count":
                    _, p = d.model(field["from"], cell)
                    y = sum(p)
                elif field["kind"] == "numeric":
                    _, (m, s) = d.model(field["name"], cell)
                    y = clamped_normal_mean(m, s, *field["range"])
                else:
                    raise SpecError(f"table '{table['name']}': mean of a {field['kind']} field")
                tot += x * y
                wsum += x
            return tot / wsum, ""
        raise SpecError(f"table '{table['name']}': statistic '{stat}' cannot be published")


def interval(fig):
    v = float(fig["value"])
    res = 1.0 if fig["statistic"] == "rank" else resolution(fig["value"])
    return v - res / 2, v + res / 2


def fmt(x, stat):
    if stat == "rank":
        return f"{x:.0f}"
    if stat == "ratio":
        return f"{x:.3f}"
    return f"{x:.2f}"


def rejected_estimate(d):
    """A rough expected rejected share (mess rates + natural speeders and straight-liners)."""
    doc = d.doc
    cl = doc.get("cleaning") or {}
    mess = {"blank": 0.01, "duplicate": 0.002, "out_of_domain": 0.001, "speeder": 0.005, "straight_liner": 0.005,
            "broken_quote": 0.0005}
    mess.update({k: float(v) for k, v in (d.synthesis.get("mess") or {}).items()})
    lines, total = [], 0.0
    nat_speed = 0.0
    sp, dur = cl.get("speeders"), d.synthesis.get("duration")
    if sp and dur:
        thr = max(float(sp.get("min_seconds", 0)), float(sp.get("fraction_of_median", 0)) * float(dur["median"]))
        nat_speed = 0.5 * (1 + math.erf(math.log(thr / float(dur["median"])) / float(dur["spread"]) / math.sqrt(2)))
        lines.append(f"natural speeders (lognormal below {thr:.0f} s): {100 * nat_speed:.3f}%")
    nat_straight = 0.0
    for grid in cl.get("straight_liners") or []:
        names = [text(x) for x in grid["fields"]]
        codes = d.categories(names[0])
        s = 0.0
        for cell, w in d.pop_cells:
            dists = [d.model(n, cell) for n in names]
            if not all(a for a, _ in dists):
                continue
            s += w * sum(math.prod(p[i] for _, p in dists) for i in range(len(codes)))
        lines.append(f"natural straight-liners on grid '{grid['name']}' ({len(names)} items): {100 * s:.3f}%")
        nat_straight += s
    must = {text(x) for x in cl.get("required") or []}
    for m in (doc.get("weighting") or {}).get("margins") or []:
        if not m.get("missing"):
            must.add(text(m["field"]))
    # Sampled demographics are not blanked by `tally synth`; a blank required or weighting
    # variable that is answered (not sampled) would reject the respondent.
    answered = sorted(m for m in must if m not in d.sample_order)
    blanks = mess["blank"] * len(answered)
    total = (mess["duplicate"] + mess["speeder"] + mess["straight_liner"] + mess["broken_quote"] + mess["out_of_domain"]
             + nat_speed + nat_straight + blanks)
    limit = float((doc.get("quality") or {}).get("max_rejected_share", 0))
    lines.append(f"rough expected rejected share: {100 * total:.2f}% (quality.max_rejected_share {100 * limit:.1f}%); "
                 f"mess rates + natural speeders and straight-liners"
                 + (f" + blanks of answered required/weighting fields {answered}" if answered else "")
                 + f"; {100 * mess['blank'] * len(must):.1f}% more if the sampled {sorted(must)} could be blank")
    return lines


# ----------------------------------------------------------------------------- main
def check(path, failures_only):
    try:
        d = Definition(path)
    except (SpecError, KeyError, ValueError) as e:
        print(f"{path}: cannot check: {e}")
        return False
    print(f"== {path}: survey {d.doc.get('survey')}, edition {text(d.doc.get('edition'))}")
    pop, smp = Evaluator(d, d.pop_cells), Evaluator(d, d.smp_cells)
    ok = not d.errors
    n = fails = skewed = 0
    hdr = f"{'status':6} {'table':28} {'column':20} {'row':28} {'stat':7} {'published':>9} {'interval':>17} {'population':>10} {'unweighted':>11}  figure"
    print(hdr)
    for table in d.tables:
        for fig in table.get("published") or []:
            n += 1
            lo, hi = interval(fig)
            stat = fig["statistic"]
            try:
                v, detail = pop.value(table, fig)
                u, _ = smp.value(table, fig)
            except (SpecError, KeyError, ValueError, IndexError, ZeroDivisionError) as e:
                print(f"{'ERROR':6} {table['name']:28} {fig['banner']}:{text(fig['column'])}: {e}")
                ok = False
                fails += 1
                continue
            good = lo <= v < hi
            u_in = lo <= u < hi
            skewed += not u_in
            if not good:
                ok = False
                fails += 1
            if failures_only and good:
                continue
            col = f"{fig['banner']}:{text(fig['column'])}"
            row = text(fig.get("row", "")) if fig.get("row") is not None else ""
            pubv = text(fig["value"]) + ("x less" if fig.get("less_likely") else "")
            iv = f"[{fmt(lo, 'x')}, {fmt(hi, 'x')})" if stat != "rank" else f"= {text(fig['value'])}"
            uv = fmt(u, stat) + ("" if u_in else "*")
            extra = f"  [{detail}]" if detail else ""
            print(f"{'OK' if good else 'FAIL':6} {table['name'][:28]:28} {col[:20]:20} {row[:28]:28} {stat:7} {pubv:>9} "
                  f"{iv:>17} {fmt(v, stat):>10} {uv:>11}  {fig['figure'][:70]}{extra}")
    for e in d.errors:
        print(f"SPEC ERROR: {e}")
    for w in d.warnings:
        print(f"warning: {w}")
    for line in rejected_estimate(d):
        print(f"note: {line}")
    print(f"{path}: {n} published figures, {n - fails} OK, {fails} FAIL; {len(d.errors)} spec errors; "
          f"{skewed} figures outside their interval in the unweighted sample (* above)")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("definitions", nargs="+")
    ap.add_argument("--failures-only", action="store_true", help="print only the figures that fail")
    args = ap.parse_args()
    results = [check(p, args.failures_only) for p in args.definitions]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
