"""The kernel side of safe autograding: a watch on ``crmkit.checks`` that a notebook cannot quietly patch.

nbgrader runs a submission's answer cells and the teacher's test cells in one kernel, so a
notebook could replace the checks (``ck.checks.check_value = lambda *a, **k: True``), rebind
``ck``, or slip code in through IPython's hooks, and every hidden test after it would pass.
:class:`crmkit.grading.sandbox.GuardedExecute` therefore runs :data:`INSTALL` in the kernel before
the first cell: it records the objects the tests rely on. Before and after every test cell it
calls the recorded check, which compares them with what is there now, puts back whatever was
changed and answers ``<challenge>:ok`` or ``<challenge>:changed=<names>``, signed with a key that
only the installer knew (so a notebook cannot simply print "ok"). A test cell around which
anything was changed scores zero, with the names of what was changed as the reason.

What is watched: the modules of ``crmkit.checks`` and ``crmkit.i18n``/``crmkit.errors`` (every
name, and every function's code, defaults and class attribute), ``crmkit.checks`` on the
package, their ``sys.modules`` entries, the name ``ck`` of the notebook, the builtins the checks
use, ``math`` and ``decimal``; and any function defined in the notebook that was put into
IPython's machinery (event callbacks, input and AST transformers, trace and profile functions,
methods of the shell or kernel). It is a tripwire, not a wall: code in the same process that
sets out to defeat it (reading the key through the garbage collector, patching numpy or pandas
internals, C extensions) can; see the README's section on grading for what a lab should add.
"""

from __future__ import annotations

import hashlib
import hmac

#: Kernel code that installs the watch; format with ``name`` (where the check is kept) and ``key``.
INSTALL = r'''
def _crmkit_guard_install():
    import builtins, decimal, hashlib, hmac, math, sys, threading
    import crmkit, crmkit.checks, crmkit.errors, crmkit.i18n
    ip = get_ipython()
    out = sys.stdout
    key = {key!r}.encode()
    mods = {{m: sys.modules[m] for m in sorted(sys.modules)
            if m == "crmkit.checks" or m.startswith("crmkit.checks.")}}
    mods.update({{"crmkit.i18n": crmkit.i18n, "crmkit.errors": crmkit.errors, "math": math, "decimal": decimal}})
    names = ("isinstance", "issubclass", "type", "len", "abs", "repr", "str", "int", "float", "bool", "round",
             "sorted", "set", "list", "dict", "tuple", "frozenset", "print", "getattr", "setattr", "hasattr",
             "min", "max", "sum", "any", "all", "zip", "enumerate", "iter", "next", "range", "map", "filter",
             "format", "hash", "id", "object", "super", "callable", "Exception", "BaseException",
             "AssertionError", "__import__", "__build_class__")
    kernel = getattr(ip, "kernel", None)
    machinery = [c for obj in (ip, kernel) if obj is not None for c in type(obj).__mro__
                 if c.__module__.split(".")[0] in ("IPython", "ipykernel")]

    missing = object()
    watched = []  # (label, live mapping, holder, name, value, (code, defaults, kwdefaults) or None)

    def watch(label, mapping, holder, k):
        value = mapping.get(k, missing)
        code = ((value.__code__, value.__defaults__, value.__kwdefaults__)
                if type(value).__name__ == "function" else None)
        watched.append((label, mapping, holder, k, value, code))

    for mname, mod in mods.items():
        watch(f"sys.modules[{{mname}}]", sys.modules, sys.modules, mname)
        for k, value in list(vars(mod).items()):
            watch(f"{{mname}}.{{k}}", vars(mod), mod, k)
            if isinstance(value, type) and value.__module__ == mname:
                for k2 in list(vars(value)):
                    watch(f"{{mname}}.{{k}}.{{k2}}", vars(value), value, k2)
    watch("crmkit.checks", vars(crmkit), crmkit, "checks")
    for k in names:
        watch(f"builtins.{{k}}", vars(builtins), builtins, k)
    for cls in machinery:  # methods only: traitlets keeps other class attributes up to date
        for k, value in list(vars(cls).items()):
            if type(value).__name__ == "function":
                watch(f"{{cls.__qualname__}}.{{k}}", vars(cls), cls, k)

    def planted(obj):
        mods_of = (getattr(obj, "__module__", None), getattr(getattr(obj, "__func__", None), "__module__", None),
                   getattr(type(obj), "__module__", None))
        return "__main__" in mods_of

    def put(holder, k, value):
        if value is missing:
            delattr(holder, k)
        elif holder is sys.modules:
            sys.modules[k] = value
        else:
            setattr(holder, k, value)

    def hooks():
        found = []
        for event, callbacks in ip.events.callbacks.items():
            for cb in list(callbacks):
                if planted(cb):
                    found.append("events." + event)
                    callbacks.remove(cb)
        for attr in ("input_transformers_cleanup", "input_transformers_post", "ast_transformers"):
            items = getattr(ip, attr, [])
            for item in list(items):
                if planted(item):
                    found.append(attr)
                    items.remove(item)
        manager = getattr(ip, "input_transformer_manager", None)
        for attr in ("cleanup_transforms", "line_transforms", "token_transformers"):
            items = getattr(manager, attr, [])
            for item in list(items):
                if planted(item):
                    found.append("input_transformer_manager." + attr)
                    items.remove(item)
        for get, set_, label in ((sys.gettrace, sys.settrace, "sys.settrace"),
                                 (sys.getprofile, sys.setprofile, "sys.setprofile"),
                                 (threading.gettrace, threading.settrace, "threading.settrace")):
            if get() is not None and planted(get()):
                found.append(label)
                set_(None)
        for obj, label in ((ip, "shell"), (kernel, "kernel")):
            for k, value in list(vars(obj).items()) if obj is not None else []:
                if callable(value) and planted(value):
                    found.append(label + "." + k)
                    delattr(obj, k)
        if ip.custom_exceptions:
            found.append("set_custom_exc")
            ip.set_custom_exc((), None)
        return found

    def check(challenge):
        changed = hooks()
        for label, mapping, holder, k, value, code in watched:
            if mapping.get(k, missing) is not value:
                changed.append(label)
                put(holder, k, value)
            if code is not None and (value.__code__ is not code[0] or value.__defaults__ is not code[1]
                                     or value.__kwdefaults__ is not code[2]):
                changed.append(label)
                value.__code__, value.__defaults__, value.__kwdefaults__ = code
        user = ip.user_ns
        if "ck" in user and user["ck"] is not crmkit:
            changed.append("ck")
            user["ck"] = crmkit
        verdict = "ok" if not changed else "changed=" + ",".join(sorted(set(changed)))[:2000]
        line = challenge + ":" + verdict
        out.write(line + ":" + hmac.new(key, line.encode(), hashlib.sha256).hexdigest() + "\n")
        out.flush()

    builtins.__dict__[{name!r}] = check
    out.write({name!r} + ":installed\n")
    out.flush()


_crmkit_guard_install()
del _crmkit_guard_install
'''

#: Kernel code that runs the check; format with ``name`` and ``challenge``.
CALL = "__import__('builtins').__dict__[{name!r}]({challenge!r})"


def install_code(name: str, key: str) -> str:
    """The code that installs the watch in a kernel, keeping the check under ``name``."""
    return INSTALL.format(name=name, key=key)


def call_code(name: str, challenge: str) -> str:
    """The code that runs the check (its answer is one line, :func:`verdict` reads it)."""
    return CALL.format(name=name, challenge=challenge)


def verdict(text: str, challenge: str, key: str) -> list[str] | None:
    """What the check's answer in ``text`` says was changed (``[]``: nothing); None if no genuine answer.

    >>> line = "c1:ok"
    >>> signed = line + ":" + hmac.new(b"k", line.encode(), hashlib.sha256).hexdigest()
    >>> verdict("noise\\n" + signed + "\\n", "c1", "k"), verdict("c1:ok:forged", "c1", "k")
    ([], None)
    """
    for line in text.splitlines():
        parts = line.rsplit(":", 1)
        if len(parts) != 2 or not parts[0].startswith(challenge + ":"):
            continue
        body, mac = parts
        good = hmac.new(key.encode(), body.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(mac, good):
            return None
        said = body[len(challenge) + 1:]
        return [] if said == "ok" else said.removeprefix("changed=").split(",")
    return None
