"""Every name `import amity` promises resolves to a real object."""
import importlib

import amity
from amity._exports import EXPORTS


def test_every_export_resolves():
    missing = []
    for name, (module, attr) in EXPORTS.items():
        try:
            getattr(importlib.import_module(module), attr)
        except (ImportError, AttributeError) as e:
            missing.append(f"{name} -> {module}.{attr}: {e}")
    assert not missing, missing


def test_lazy_attribute_access():
    assert amity.resolve_actor("Pyongyang").id == "PRK"
    assert amity.cow_code("SUN") == 365
