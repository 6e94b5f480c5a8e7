#!/usr/bin/env python3
"""A stdlib-only evaluator of routec decision tables (``routec.table/1``).

It implements docs/semantics.md on the compiled table exactly as the TypeScript runtime (``routec/runtime``) does,
and passes the same conformance vectors (``fixtures/conformance/``): same target, model, class, reasons, denied
files and error codes. Use it in Python proxies that route coding-agent tasks:

    import json, routec_eval
    table = json.load(open("table.json"))
    decision = routec_eval.evaluate(table, {"task": {...}, "files": [...], ...})

Like the TypeScript runtime it never raises: bad input or a malformed table yields the table's ``on error``
decision, which is always remote.

Command line: ``python3 routec_eval.py table.json input.json`` (``-`` reads the input from stdin) prints the
decision as JSON.
"""

import json
import re
import sys
import unicodedata

__all__ = ["evaluate", "validate_input", "normalize_path", "path_views", "reject_duplicate_keys", "REDACTED", "UNAVAILABLE"]

REDACTED = "[REDACTED:path]"
UNAVAILABLE = "unavailable"

INPUT_TYPE = "R0501"
INPUT_UNKNOWN_FIELD = "R0502"
INPUT_MISSING_FIELD = "R0503"
INPUT_NUMBER = "R0504"
INPUT_PATH = "R0505"
INPUT_VRAM = "R0506"
INPUT_SCHEMA = "R0507"
TABLE_INVALID = "R0508"
ON_ERROR_UNUSABLE = "R0509"
GUARD = "R0510"
RUNTIME_FAULT = "R0511"


class _Invalid(Exception):
    def __init__(self, code, message, path):
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path


class _Bad(Exception):
    pass


# --------------------------------------------------------------------------------------------------------------
# Helpers that reproduce JavaScript's view of JSON values, so messages match the TypeScript runtime byte for byte.


def _is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _type_name(v):
    if v is None:
        return "null"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    if isinstance(v, str):
        return "string"
    if isinstance(v, bool):
        return "boolean"
    if _is_num(v):
        return "number"
    return "undefined"


def _js_num(v):
    """Formats a number as JavaScript's String(n) does for the values JSON can carry."""
    if isinstance(v, float):
        if v != v:
            return "NaN"
        if v in (float("inf"), float("-inf")):
            return "Infinity" if v > 0 else "-Infinity"
        if v.is_integer() and abs(v) < 1e21:
            return str(int(v))
        return repr(v)
    return str(v)


def _js_str(v):
    if isinstance(v, str):
        return v
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if _is_num(v):
        return _js_num(v)
    if isinstance(v, list):
        return ",".join("" if x is None else _js_str(x) for x in v)
    return "[object Object]"


def _is_int(v):
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


# --------------------------------------------------------------------------------------------------------------
# Step 1: input validation (the first problem, with its JSON path).


def _object(v, path, allowed):
    if not isinstance(v, dict):
        raise _Invalid(INPUT_TYPE, "expected an object, found %s" % _type_name(v), path)
    for k in v:
        if k not in allowed:
            raise _Invalid(INPUT_UNKNOWN_FIELD, "unknown field `%s`" % k[:64], "%s.%s" % (path, k[:64]))
    return v


def _field(o, k, path):
    if k not in o:
        raise _Invalid(INPUT_MISSING_FIELD, "missing field `%s`" % k, "%s.%s" % (path, k))
    return o[k]


def _string(v, path):
    if not isinstance(v, str):
        raise _Invalid(INPUT_TYPE, "expected a string, found %s" % _type_name(v), path)
    return v


def _boolean(v, path):
    if not isinstance(v, bool):
        raise _Invalid(INPUT_TYPE, "expected a boolean, found %s" % _type_name(v), path)
    return v


def _number(v, path, integer):
    if not _is_num(v):
        raise _Invalid(INPUT_TYPE, "expected a number, found %s" % _type_name(v), path)
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        raise _Invalid(INPUT_NUMBER, "expected a finite number, found `%s`" % _js_num(v), path)
    if v < 0:
        raise _Invalid(INPUT_NUMBER, "expected a non-negative number, found `%s`" % _js_num(v), path)
    if integer and not _is_int(v):
        raise _Invalid(INPUT_NUMBER, "expected a whole number, found `%s`" % _js_num(v), path)
    return v


def _array(v, path):
    if not isinstance(v, list):
        raise _Invalid(INPUT_TYPE, "expected an array, found %s" % _type_name(v), path)
    return v


def _path_string(v, path):
    s = _string(v, path)
    if s == "":
        raise _Invalid(INPUT_PATH, "empty path", path)
    if "\0" in s:
        raise _Invalid(INPUT_PATH, "path contains a nul byte", path)
    return s


def _optional(o, k, path, check):
    if k in o:
        check(o[k], "%s.%s" % (path, k))


def _platform(p, at):
    if p not in ("linux", "darwin", "win32") or not isinstance(p, str):
        raise _Invalid(INPUT_TYPE, "expected `linux`, `darwin` or `win32`", at)


def _check_input(v):
    o = _object(v, "$", ["schema", "task", "files", "cwd", "home", "platform", "context_tokens", "tool_failures",
                         "schema_mismatch", "runtime_errors", "vram"])
    if "schema" in o and o["schema"] != "routec.input/1":
        raise _Invalid(INPUT_SCHEMA, "unsupported input schema `%s`, expected `routec.input/1`" % _js_str(o["schema"])[:64],
                       "$.schema")
    task = _object(_field(o, "task", "$"), "$.task", ["id", "kind", "labels", "class"])
    _string(_field(task, "kind", "$.task"), "$.task.kind")
    for i, label in enumerate(_array(_field(task, "labels", "$.task"), "$.task.labels")):
        _string(label, "$.task.labels[%d]" % i)
    _optional(task, "id", "$.task", _string)
    _optional(task, "class", "$.task", _string)
    for i, f in enumerate(_array(_field(o, "files", "$"), "$.files")):
        p = "$.files[%d]" % i
        if isinstance(f, str):
            _path_string(f, p)
            continue
        ref = _object(f, p, ["path", "real"])
        _path_string(_field(ref, "path", p), p + ".path")
        _optional(ref, "real", p, _path_string)
    _optional(o, "cwd", "$", _path_string)
    _optional(o, "home", "$", _path_string)
    _optional(o, "platform", "$", _platform)
    _number(_field(o, "context_tokens", "$"), "$.context_tokens", True)
    _number(_field(o, "tool_failures", "$"), "$.tool_failures", True)
    _boolean(_field(o, "schema_mismatch", "$"), "$.schema_mismatch")
    _optional(o, "runtime_errors", "$", lambda x, p: _number(x, p, True))
    vram = _field(o, "vram", "$")
    if vram is None:
        return
    snap = _object(vram, "$.vram", ["gpus", "low_vram_mode"])
    _optional(snap, "low_vram_mode", "$.vram", _boolean)
    for i, g in enumerate(_array(_field(snap, "gpus", "$.vram"), "$.vram.gpus")):
        p = "$.vram.gpus[%d]" % i
        gpu = _object(g, p, ["index", "total_mib", "free_mib"])
        _number(_field(gpu, "index", p), p + ".index", True)
        total = _number(_field(gpu, "total_mib", p), p + ".total_mib", False)
        free = _number(_field(gpu, "free_mib", p), p + ".free_mib", False)
        if total == 0:
            raise _Invalid(INPUT_VRAM, "gpu reports `total_mib` 0", p + ".total_mib")
        if free > total:
            raise _Invalid(INPUT_VRAM, "gpu reports `free_mib` %s above `total_mib` %s" % (_js_num(free), _js_num(total)),
                           p + ".free_mib")


def validate_input(value):
    """Returns (True, None) for a valid routec.input/1 value, else (False, (code, message, path))."""
    try:
        _check_input(value)
        return True, None
    except _Invalid as e:
        return False, (e.code, e.message, e.path)


# --------------------------------------------------------------------------------------------------------------
# Step 2: paths.

_HOME_SPELLINGS = ["~", "$HOME", "${HOME}", "%USERPROFILE%"]


def _clean_segment(seg):
    colon = seg.find(":")
    if colon >= 0:
        seg = seg[:colon]
    if seg in (".", ".."):
        return seg
    return seg.rstrip(". ")


def _is_drive_at(s, i):
    return len(s) > i + 1 and ("a" <= s[i].lower() <= "z") and s[i].isascii() and s[i + 1] == ":"


class _Parsed(object):
    __slots__ = ("root", "segs", "fixed")

    def __init__(self, root, segs, fixed):
        self.root = root
        self.segs = segs
        self.fixed = fixed

    def copy(self):
        return _Parsed(self.root, list(self.segs), self.fixed)


def _push(p, rest):
    for part in rest.split("/"):
        seg = _clean_segment(part)
        if seg in ("", "."):
            continue
        if seg == "..":
            if len(p.segs) > p.fixed:
                p.segs.pop()
            continue
        p.segs.append(seg)


def _parse(raw, home, cwd):
    s = unicodedata.normalize("NFC", raw).replace("\\", "/")
    if s.startswith("//?/") or s.startswith("//./"):
        s = s[4:]
        if s[:4].lower() == "unc/":
            s = "//" + s[4:]
    for spelling in _HOME_SPELLINGS:
        if s.startswith(spelling) and (len(s) == len(spelling) or s[len(spelling)] == "/"):
            rest = s[len(spelling):]
            if home is None:
                p = _Parsed("", ["~"], 1)
                _push(p, rest)
                return p
            s = home + rest
            break
    if s.startswith("//"):
        p = _Parsed("//", [], 2)
        _push(p, s[2:])
        return p
    if s.startswith("/"):
        p = _Parsed("/", [], 0)
        _push(p, s)
        return p
    # Under a POSIX cwd, `b:x` is a file name, not drive b: (reading it as a drive could miss a denied cwd).
    if _is_drive_at(s, 0) and ((len(s) > 2 and s[2] == "/") or cwd is None or cwd.root != "/"):
        drive = s[:2].lower()
        if (len(s) < 3 or s[2] != "/") and cwd is not None and cwd.segs[:1] == [drive]:
            p = cwd.copy()
            _push(p, s[2:])
            return p
        p = _Parsed("", [drive], 1)
        _push(p, s[2:])
        return p
    if cwd is not None:
        p = cwd.copy()
        _push(p, s)
        return p
    p = _Parsed("", [], 0)
    _push(p, s)
    return p


def _render(p, fold):
    s = p.root + "/".join(p.segs)
    return _lower(s) if fold else s


def _lower(s):
    # JavaScript's toLowerCase, for the characters where Python's lower() differs in length or result.
    return s.lower()


class _PathContext(object):
    __slots__ = ("home", "view_home", "cwd", "fold")

    def __init__(self, home, cwd, fold):
        h = None if home is None or home == "" or "\0" in home else _render(_parse(home, None, None), False)
        c = None if cwd is None or cwd == "" or "\0" in cwd else _parse(cwd, h, None)
        self.home = h
        self.view_home = _lower(h) if (h is not None and fold) else h
        self.cwd = c
        self.fold = fold


def normalize_path(raw, ctx):
    """Normalizes one path (docs/semantics.md); None for a path that names no file."""
    if raw == "" or "\0" in raw:
        return None
    return _render(_parse(raw, ctx.home, ctx.cwd), ctx.fold)


def _under(path, d):
    if path == d:
        return "~"
    if d != "" and len(path) > len(d) and path[len(d)] == "/" and path.startswith(d):
        return "~" + path[len(d):]
    return None


def _user_end(path, root_length):
    if len(path) <= root_length:
        return -1
    slash = path.find("/", root_length)
    return len(path) if slash < 0 else slash


def path_views(path, folded_home):
    """The path itself, then ~/rest for the input's home and every conventional home the path is under."""
    views = [path]

    def add(v):
        if v is not None and v not in views:
            views.append(v)

    if folded_home is not None:
        add(_under(path, folded_home))
    head = path[:9].lower()
    end = -1
    if head.startswith("/home/"):
        end = _user_end(path, 6)
    elif head.startswith("/users/"):
        end = _user_end(path, 7)
    elif head == "c:/users/":
        end = _user_end(path, 9)
    if end > 0:
        add("~" + path[end:])
    if head.startswith("/root") and (len(path) == 5 or path[5] == "/"):
        add("~" + path[5:])
    return views


# --------------------------------------------------------------------------------------------------------------
# Glob sets over the compiled lookups (see GlobIndex in src/runtime/types.ts).


class _Index(object):
    __slots__ = ("exact", "prefix", "basename", "suffix", "bprefix", "segment", "regex")

    def __init__(self, ix):
        self.exact = ix["exact"]
        self.prefix = ix["prefix"]
        self.basename = ix["basename"]
        self.suffix = ix["suffix"]
        self.bprefix = ix["basename_prefix"]
        self.segment = ix["segment"]
        self.regex = [(re.compile(r["source"]), r["ids"]) for r in ix["regex"]]

    def lookup(self, view):
        out = []
        out.extend(self.exact.get(view, ()))
        for i, c in enumerate(view):
            if c == "/" and view[:i] in self.prefix:
                out.extend(self.prefix[view[:i]])
        out.extend(self.prefix.get(view, ()))
        base = view[view.rfind("/") + 1:]
        out.extend(self.basename.get(base, ()))
        for key, ids in self.suffix.items():
            if base.endswith(key):
                out.extend(ids)
        for key, ids in self.bprefix.items():
            if base.startswith(key):
                out.extend(ids)
        if self.segment:
            for seg in view.split("/"):
                if seg:
                    out.extend(self.segment.get(seg, ()))
        for rx, ids in self.regex:
            if rx.fullmatch(view):
                out.extend(ids)
        return out


class _Set(object):
    __slots__ = ("name", "set", "include", "except_")

    def __init__(self, name, glob_set, matchers):
        self.name = name
        self.set = glob_set
        self.include = _Index(matchers["include"])
        self.except_ = _Index(matchers["except"])

    def match(self, views):
        """The lowest pattern index matching one of views (its own excepts not matching that view), or -1."""
        best = -1
        for view in views:
            inc = self.include.lookup(view)
            if not inc:
                continue
            exc = None
            for pid in inc:
                if best >= 0 and pid >= best:
                    continue
                excepts = self.set["patterns"][pid]["excepts"]
                if excepts:
                    if exc is None:
                        exc = self.except_.lookup(view)
                    if any(e in exc for e in excepts):
                        continue
                best = pid
        return best


# --------------------------------------------------------------------------------------------------------------
# Table validation, mirroring src/runtime/table.ts.

_NUMERIC = "context files tool_failures runtime_errors free_pct free_mib largest_free_mib fragmentation_pct total_mib".split()


def _need(ok, what):
    if not ok:
        raise _Bad("bad `%s`" % what)


def _rec(v, what):
    _need(isinstance(v, dict), what)
    return v


def _arr(v, what):
    _need(isinstance(v, list), what)
    return v


def _strs(v):
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _ints(v):
    return isinstance(v, list) and all(_is_num(x) and _is_int(x) for x in v)


def _fin(v):
    return _is_num(v) and v == v and v not in (float("inf"), float("-inf"))


def _each(v, what, ok):
    r = _rec(v, what)
    for k, inner in r.items():
        _need(isinstance(inner, dict) and ok(inner), "%s.%s" % (what, k))
    return r


def _cond(c, sets, levels, at):
    o = _rec(c, at)
    op = o.get("op")
    f = o.get("feature")
    if op in ("and", "or"):
        for a in _arr(o.get("args"), at):
            _cond(a, sets, levels, at)
        return
    if op == "not":
        _cond(o.get("arg"), sets, levels, at)
        return
    _need(op in ("true", "false")
          or (op == "cmp" and f in _NUMERIC and o.get("cmp") in ("<", "<=", ">", ">=", "==", "!=") and _fin(o.get("value")))
          or (op == "in" and f in ("kind", "hint", "class") and _strs(o.get("values")))
          or (op == "label" and _strs(o.get("values")))
          or (op == "files" and o.get("quantifier") in ("any", "all") and isinstance(o.get("set"), str) and o.get("set") in sets)
          or (op == "denied" and (o.get("set") is None or (isinstance(o.get("set"), str) and o.get("set") in sets)))
          or (op == "vram" and o.get("level") in levels)
          or (op == "flag" and f in ("schema_mismatch", "low_vram_mode")),
          "condition in %s" % at)


def _target(t, table, at):
    o = _rec(t, at)
    remotes = table["remotes"]
    models = table["models"]
    if o.get("kind") == "remote":
        _need(isinstance(o.get("remote"), str) and o.get("remote") in remotes, "target of %s" % at)
        return
    ok = (o.get("kind") == "local" and all(isinstance(n, str) and n in models for n in _arr(o.get("candidates"), at))) or (
        o.get("kind") == "synthesis" and all(isinstance(n, str) and n in models for n in _arr(o.get("draft"), at))
        and isinstance(o.get("review"), str) and o.get("review") in remotes)
    _need(ok, "target of %s" % at)
    if o.get("fallback") is not None:
        _target(o.get("fallback"), table, at)


def _index_ok(v, at):
    o = _rec(v, at)
    for k in ("exact", "prefix", "basename", "suffix", "basename_prefix", "segment"):
        m = _rec(o.get(k), "%s.%s" % (at, k))
        for key in m:
            _need(_ints(m[key]), "%s.%s" % (at, k))
    for r in _arr(o.get("regex"), at + ".regex"):
        _need(isinstance(r, dict) and isinstance(r.get("source"), str) and _ints(r.get("ids")), at + ".regex")


def _prepare(t):
    o = _rec(t, "table")
    _need(o.get("schema") == "routec.table/1" and isinstance(o.get("sha256"), str), "schema")
    policy = _rec(o.get("policy"), "policy")
    _need(isinstance(policy.get("name"), str) and (policy.get("version") is None or _fin(policy.get("version"))), "policy")
    options = _rec(o.get("options"), "options")
    _need(options.get("case") in ("insensitive", "sensitive", "platform") and isinstance(options.get("redact_denied"), bool),
          "options")
    runtimes = _each(o.get("runtimes"), "runtimes", lambda r: isinstance(r.get("enabled"), bool))
    _each(o.get("models"), "models", lambda m: isinstance(m.get("runtime"), str) and m.get("runtime") in runtimes
          and _fin(m.get("context")) and isinstance(m.get("tools"), bool) and _fin(m.get("vram_mib")))
    _each(o.get("remotes"), "remotes", lambda r: isinstance(r.get("model"), str))
    classes = _each(o.get("classes"), "classes", lambda c: (c.get("max_context") is None or _fin(c.get("max_context")))
                    and isinstance(c.get("tools_required"), bool) and isinstance(c.get("local_allowed"), bool))

    def set_ok(g):
        excepts = _arr(g.get("excepts"), "excepts")
        for p in _arr(g.get("patterns"), "patterns"):
            _need(isinstance(p, dict) and isinstance(p.get("source"), str) and _ints(p.get("excepts"))
                  and all(0 <= e < len(excepts) for e in p["excepts"]), "patterns")
        for mode in ("folded", "exact"):
            if g.get(mode) is None:
                continue
            m = _rec(g.get(mode), mode)
            _index_ok(m.get("include"), mode + ".include")
            _index_ok(m.get("except"), mode + ".except")
        return g.get("kind") in ("deny", "match")

    globsets = _each(o.get("globsets"), "globsets", set_ok)
    vram = _rec(o.get("vram"), "vram")
    levels = _arr(vram.get("levels"), "vram.levels")
    names = set(["ok"])
    for lv in levels:
        _need(isinstance(lv, dict) and isinstance(lv.get("name"), str) and isinstance(lv.get("id"), str), "vram.levels")
        names.add(lv["name"])
    _need(vram.get("unknown") in names and (vram.get("low_vram_mode") is None or vram.get("low_vram_mode") in names), "vram")
    for lv in levels:
        _cond(lv.get("when"), globsets, names, "vram")
    for r in _arr(o.get("classify"), "classify"):
        rule = _rec(r, "classify")
        _need(isinstance(rule.get("id"), str) and isinstance(rule.get("then"), str) and rule.get("then") in classes, "classify")
        _cond(rule.get("when"), globsets, names, rule["id"])
    for r in _arr(o.get("escalate"), "escalate"):
        rule = _rec(r, "escalate")
        _need(isinstance(rule.get("id"), str) and isinstance(rule.get("reason"), str), "escalate")
        _cond(rule.get("when"), globsets, names, rule["id"])
        _target(rule.get("target"), o, rule["id"])
    routes = _rec(o.get("routes"), "routes")
    for k in classes:
        _need(k in routes and isinstance(routes[k], dict) and isinstance(routes[k].get("id"), str), "routes.%s" % k)
        _target(routes[k].get("target"), o, "routes.%s" % k)
    on_error = _rec(o.get("on_error"), "on_error")
    _need(isinstance(on_error.get("id"), str), "on_error")
    _target(on_error.get("target"), o, "on_error")
    _rec(o.get("source_map"), "source_map")
    rank = {}
    for i, lv in enumerate(levels):
        rank.setdefault(lv["name"], i)
    rank.setdefault("ok", len(levels))

    def compile_sets(mode):
        out = []
        for name in sorted(globsets):
            g = globsets[name]
            if g.get(mode) is None:
                return None
            out.append(_Set(name, g, g[mode]))
        return out

    try:
        folded = compile_sets("folded")
        exact = compile_sets("exact")
    except re.error as e:
        raise _Bad("the table could not be read: %s" % e)
    mode = options["case"]
    _need((mode == "sensitive" or folded is not None) and (mode == "insensitive" or exact is not None),
          "globsets: matchers for the case mode")
    return {"table": o, "folded": folded, "exact": exact, "rank": rank}


_PREPARED = {}


def _prepare_cached(table):
    if not isinstance(table, dict):
        return False, "the table is not an object"
    key = id(table)
    hit = _PREPARED.get(key)
    if hit is not None and hit[0] is table:
        return hit[1]
    try:
        result = (True, _prepare(table))
    except _Bad as e:
        result = (False, str(e))
    except Exception as e:  # a malformed table must still give the on-error decision
        result = (False, "the table could not be read: %s" % e)
    _PREPARED[key] = (table, result)
    return result


# --------------------------------------------------------------------------------------------------------------
# The decision procedure.


def _source(t, rule):
    try:
        m = t.get("source_map")
        if rule is not None and isinstance(m, dict) and rule in m:
            return m[rule]
    except Exception:
        pass
    return None


def _policy_of(t):
    try:
        p = t["policy"]
        name = p.get("name")
        version = p.get("version")
        sha = t.get("sha256")
        return {"name": name if isinstance(name, str) else "unknown", "version": version if _is_num(version) else None,
                "sha256": sha if isinstance(sha, str) else ""}
    except Exception:
        return {"name": "unknown", "version": None, "sha256": ""}


def _decision(t, r, cls, level, reasons, denied, error):
    local = r["kind"] != "remote"
    return {
        "schema": "routec.decision/1",
        "target": "local" if local else "remote",
        "mode": "synthesis" if r["kind"] == "synthesis" else "direct",
        "runtime": r["runtime"] if local else None,
        "model": r["model"],
        "remote": None if local else r["remote"],
        "review": {"remote": r["review"], "model": r["review_model"]} if r["kind"] == "synthesis" else None,
        "class": cls,
        "vram_level": level,
        "reasons": reasons,
        "denied": denied,
        "error": error,
        "policy": _policy_of(t),
    }


def _on_error_remote(t):
    try:
        if not isinstance(t, dict):
            return None
        on_error = t.get("on_error")
        remotes = t.get("remotes")
        if not isinstance(on_error, dict) or not isinstance(remotes, dict):
            return None
        target = on_error.get("target")
        for _ in range(64):
            if not isinstance(target, dict):
                return None
            if target.get("kind") == "remote":
                name = target.get("remote")
                info = remotes.get(name) if isinstance(name, str) else None
                model = info.get("model") if isinstance(info, dict) else None
                if not isinstance(model, str):
                    return None
                rid = on_error.get("id")
                return {"rule": rid if isinstance(rid, str) else "on_error", "remote": name, "model": model}
            target = target.get("fallback")
        return None
    except Exception:
        return None


def _on_error(t, reasons, why, error, cls, level, denied):
    r = _on_error_remote(t)
    if r is None:
        err = error if error is not None else {"code": ON_ERROR_UNUSABLE, "message": "`on error` has no usable remote"}
        reasons.append({"code": "on-error", "message": "%s; `on error` has no usable remote" % why, "rule": None, "source": None})
        return _decision(t, {"kind": "remote", "remote": UNAVAILABLE, "model": UNAVAILABLE}, cls, level, reasons, denied, err)
    reasons.append({"code": "on-error", "message": why, "rule": r["rule"], "source": _source(t, r["rule"])})
    return _decision(t, {"kind": "remote", "remote": r["remote"], "model": r["model"]}, cls, level, reasons, denied, error)


def _input_error(t, code, message):
    reasons = [{"code": "input-error", "message": message, "rule": None, "source": None}]
    return _on_error(t, reasons, "the input or table is unusable", {"code": code, "message": message}, None, None, [])


class _Ctx(object):
    def __init__(self, prepared, inp, sets):
        self.p = prepared
        self.t = prepared["table"]
        self.input = inp
        self.reasons = []
        self.sets = sets
        self.nfiles = len(inp["files"])
        self.member = [[-1] * self.nfiles for _ in sets]
        self.any_denied = False
        self.features = None
        self.level = self.t["vram"]["unknown"]
        self.cls = None

    def reason(self, code, message, rule):
        self.reasons.append({"code": code, "message": message, "rule": rule, "source": _source(self.t, rule)})

    def rank(self, level):
        return self.p["rank"].get(level, len(self.t["vram"]["levels"]))


def _feature(ctx, f):
    i = ctx.input
    if f == "context":
        return i["context_tokens"]
    if f == "files":
        return ctx.nfiles
    if f == "tool_failures":
        return i["tool_failures"]
    if f == "runtime_errors":
        return i.get("runtime_errors", 0)
    return None if ctx.features is None else ctx.features.get(f)


def _compare(a, op, b):
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    if op == ">=":
        return a >= b
    if op == "==":
        return a == b
    return a != b


def _set_member(ctx, name, all_files):
    s = next((k for k, cs in enumerate(ctx.sets) if cs.name == name), -1)
    row = ctx.member[s] if s >= 0 else [-1] * ctx.nfiles
    for hit in row:
        if (hit >= 0) != all_files:
            return not all_files
    return all_files


def _holds(c, ctx):
    op = c["op"]
    if op == "true":
        return True
    if op == "false":
        return False
    if op == "and":
        return all(_holds(a, ctx) for a in c["args"])
    if op == "or":
        return any(_holds(a, ctx) for a in c["args"])
    if op == "not":
        return not _holds(c["arg"], ctx)
    if op == "cmp":
        v = _feature(ctx, c["feature"])
        return v is not None and _compare(v, c["cmp"], c["value"])
    if op == "in":
        f = c["feature"]
        task = ctx.input["task"]
        v = task["kind"] if f == "kind" else task.get("class") if f == "hint" else ctx.cls
        return isinstance(v, str) and v in c["values"]
    if op == "label":
        return any(label in c["values"] for label in ctx.input["task"]["labels"])
    if op == "files":
        return _set_member(ctx, c["set"], c["quantifier"] == "all")
    if op == "denied":
        return ctx.any_denied if c["set"] is None else _set_member(ctx, c["set"], False)
    if op == "vram":
        return ctx.rank(ctx.level) <= ctx.rank(c["level"])
    if op == "flag":
        if c["feature"] == "schema_mismatch":
            return ctx.input["schema_mismatch"]
        vram = ctx.input["vram"]
        return ctx.features is not None and vram is not None and vram.get("low_vram_mode") is True
    return False


def _fold(t, inp):
    mode = t["options"]["case"]
    return mode == "insensitive" or (mode == "platform" and inp.get("platform") != "linux")


def _match_files(ctx, pc, denied):
    files = ctx.input["files"]
    redact = ctx.t["options"]["redact_denied"]
    for f, ref in enumerate(files):
        if isinstance(ref, str):
            spellings = [ref]
        elif "real" in ref:
            spellings = [ref["path"], ref["real"]]
        else:
            spellings = [ref["path"]]
        for spelling in spellings:
            norm = normalize_path(spelling, pc)
            views = [] if norm is None else path_views(norm, pc.view_home)
            for s, cs in enumerate(ctx.sets):
                hit = cs.match(views)
                prev = ctx.member[s][f]
                if hit >= 0 and (prev < 0 or hit < prev):
                    ctx.member[s][f] = hit
        file_denied = False
        for s, cs in enumerate(ctx.sets):
            hit = ctx.member[s][f]
            if hit < 0:
                continue
            pattern = cs.set["patterns"][hit]
            if cs.set["kind"] != "deny":
                continue
            file_denied = True
            path = REDACTED if redact else (ref if isinstance(ref, str) else ref["path"])
            denied.append({"set": cs.name, "pattern": pattern["source"], "file": f, "path": path})
            ctx.reason("denied", "file %d is denied by `%s` (`%s`)" % (f, cs.name, pattern["source"]), pattern.get("rule"))
        if file_denied:
            ctx.any_denied = True


def _vram_level(ctx):
    v = ctx.input["vram"]
    policy = ctx.t["vram"]
    level = policy["unknown"]
    if v is not None and len(v["gpus"]) > 0:
        total = sum(g["total_mib"] for g in v["gpus"])
        free = sum(g["free_mib"] for g in v["gpus"])
        largest = 0
        for g in v["gpus"]:
            if g["free_mib"] > largest:
                largest = g["free_mib"]
        ctx.features = {
            "total_mib": total,
            "free_mib": free,
            "free_pct": (100 * free) / total,
            "largest_free_mib": largest,
            "fragmentation_pct": 100 * (1 - largest / free) if free > 0 else 0,
        }
        level = next((lv["name"] for lv in policy["levels"] if _holds(lv["when"], ctx)), "ok")
    if v is not None and v.get("low_vram_mode") is True and policy["low_vram_mode"] is not None:
        if ctx.rank(policy["low_vram_mode"]) < ctx.rank(level):
            level = policy["low_vram_mode"]
    ctx.level = level


def _skip_reason(ctx, name):
    t = ctx.t
    m = t["models"].get(name)
    rt = None if m is None else t["runtimes"].get(m["runtime"])
    cl = None if ctx.cls is None else t["classes"].get(ctx.cls)
    if m is None or rt is None or cl is None:
        return "runtime-disabled"
    tokens = ctx.input["context_tokens"]
    largest = None if ctx.features is None else ctx.features["largest_free_mib"]
    if not rt["enabled"]:
        return "runtime-disabled"
    if not cl["local_allowed"]:
        return "class-forbids-local"
    if tokens > m["context"]:
        return "context"
    if cl["max_context"] is not None and tokens > cl["max_context"]:
        return "class-context"
    if cl["tools_required"] and not m["tools"]:
        return "tools"
    if largest is not None and m["vram_mib"] > largest:
        return "vram"
    return None


def _resolve(ctx, target, rule):
    t = ctx.t
    if target["kind"] == "remote":
        remote = t["remotes"].get(target["remote"])
        return {"kind": "remote", "remote": target["remote"], "model": remote["model"] if remote else UNAVAILABLE}
    role = "candidate" if target["kind"] == "local" else "draft"
    for name in (target["candidates"] if target["kind"] == "local" else target["draft"]):
        skip = _skip_reason(ctx, name)
        if skip is not None:
            ctx.reason("skipped", "`%s` skipped: %s" % (name, skip), rule)
            continue
        runtime = t["models"][name]["runtime"]
        if target["kind"] == "local":
            return {"kind": "local", "model": name, "runtime": runtime}
        ctx.reason("synthesis", "`%s` drafts locally, `%s` reviews" % (name, target["review"]), rule)
        review = t["remotes"].get(target["review"])
        return {"kind": "synthesis", "model": name, "runtime": runtime, "review": target["review"],
                "review_model": review["model"] if review else UNAVAILABLE}
    fb = target["fallback"]
    if fb is None:
        return {"kind": "none", "rule": rule}
    to = "`%s`" % fb["remote"] if fb["kind"] == "remote" else "the %s fallback" % fb["kind"]
    ctx.reason("fallback", "no %s can serve; falling back to %s" % (role, to), rule)
    return _resolve(ctx, fb, rule)


def _decide(prepared, inp):
    t = prepared["table"]
    folded = _fold(t, inp)
    sets = (prepared["folded"] if folded else prepared["exact"]) or []
    ctx = _Ctx(prepared, inp, sets)
    denied = []
    _match_files(ctx, _PathContext(inp.get("home"), inp.get("cwd"), folded), denied)
    _vram_level(ctx)
    for rule in t["classify"]:
        if _holds(rule["when"], ctx):
            ctx.cls = rule["then"]
            ctx.reason("classified", "class `%s`" % rule["then"], rule["id"])
            break
    if ctx.cls is None:
        msg = "no classification rule matched"
        return _on_error(t, ctx.reasons, msg, {"code": TABLE_INVALID, "message": msg}, None, ctx.level, denied)
    resolved = None
    for rule in t["escalate"]:
        if _holds(rule["when"], ctx):
            ctx.reason("escalated", rule["reason"], rule["id"])
            resolved = _resolve(ctx, rule["target"], rule["id"])
            break
    if resolved is None:
        route = t["routes"].get(ctx.cls)
        if route is None:
            msg = "class `%s` has no route" % ctx.cls
            return _on_error(t, ctx.reasons, msg, {"code": TABLE_INVALID, "message": msg}, ctx.cls, ctx.level, denied)
        ctx.reason("routed", "route for class `%s`" % ctx.cls, route["id"])
        resolved = _resolve(ctx, route["target"], route["id"])
    if resolved["kind"] == "none":
        why = "no candidate of `%s` can serve and it has no fallback" % resolved["rule"]
        return _on_error(t, ctx.reasons, why, None, ctx.cls, ctx.level, denied)
    if ctx.any_denied and resolved["kind"] != "remote":
        message = "a denied file would go to a local model"
        ctx.reason("guard", message, None)
        return _on_error(t, ctx.reasons, message, {"code": GUARD, "message": message}, ctx.cls, ctx.level, denied)
    return _decision(t, resolved, ctx.cls, ctx.level, ctx.reasons, denied, None)


def evaluate(table, value):
    """Decides where the task described by ``value`` runs under ``table``. Never raises."""
    try:
        ok, prepared = _prepare_cached(table)
        if not ok:
            return _input_error(table, TABLE_INVALID, "invalid table: %s" % prepared)
        valid, problem = validate_input(value)
        if not valid:
            code, message, path = problem
            return _input_error(table, code, "invalid input at `%s`: %s" % (path, message))
        return _decide(prepared, value)
    except Exception as e:  # the decision is still made, and still remote
        try:
            return _input_error(table, RUNTIME_FAULT, "runtime fault: %s" % e)
        except Exception:
            return _input_error(None, RUNTIME_FAULT, "runtime fault")


def reject_duplicate_keys(pairs):
    """An ``object_pairs_hook`` for ``json.loads`` that raises ``ValueError`` on a repeated key.

    ``json`` keeps the last of two equal keys, so ``{"files": ["~/.ssh/id_rsa"], "files": []}`` would hide a denied
    path from the decision while another reader of the same text sees it; such input must fail closed.
    """
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise ValueError("duplicate key `%s`" % key)
        obj[key] = value
    return obj


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: routec_eval.py TABLE.json INPUT.json|-\n")
        return 2
    try:
        # utf-8-sig skips a byte order mark (RFC 8259 section 8.1), as the routec CLI does.
        with open(argv[1], encoding="utf-8-sig") as fh:
            table = json.load(fh, object_pairs_hook=reject_duplicate_keys)
        if argv[2] == "-":
            value = json.loads(sys.stdin.buffer.read().decode("utf-8-sig"), object_pairs_hook=reject_duplicate_keys)
        else:
            with open(argv[2], encoding="utf-8-sig") as fh:
                value = json.load(fh, object_pairs_hook=reject_duplicate_keys)
    except (OSError, ValueError) as e:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        sys.stderr.write("routec_eval: %s\n" % e)
        return 2
    sys.stdout.write(json.dumps(evaluate(table, value), indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
