"""The programme spec: pydantic models of targets.yaml and its loader."""

from danvan_cli.spec.load import load_spec
from danvan_cli.spec.models import Column, Condition, Form, Measure, Spec, Target

__all__ = ["Column", "Condition", "Form", "Measure", "Spec", "Target", "load_spec"]
