"""Starts moto server on a loopback port with the Step Functions interpreter switched on, naming
unnamed resources as CloudFormation does.

Usage: python scripts/moto-launcher.py PORT [--moto-names]

CloudFormation writes state machines into `moto.stepfunctions.models.stepfunctions_backends`, while the
Step Functions API (with execute_state_machine on) reads `stepfunctions_parser_backends`. Pointing the
first name at the second, before the server starts, makes stack-deployed machines runnable. The models
module looks the name up at call time, so a module attribute assignment is enough (checked in 5.2.5).

Names: moto names a resource without a name property `<stack>-<LogicalId>-<12 chars>` whatever its type
and length, so a state machine of the plugin's hello-world (no `name:`) in the stack
`example-stepf-nodejs-dev-stepf` gets 81 characters and Step Functions refuses it. CloudFormation names a
state machine `<LogicalId>-<12 chars>` (e.g. `HelloStepFunctionsStateMachine-2C1XDD2NCZCR`) and other
resources `<stack>-<LogicalId>-<12 chars>`, cutting the stack name and the logical ID so the name fits the
resource's limit. `generated_name` below does that for the types stepf's stacks hold; other types keep
moto's names. `--moto-names` keeps moto's own naming (what a plain moto server does), to test how stepf
explains a generated name an endpoint refuses.
"""
import sys

import moto
import moto.cloudformation.parsing
import moto.cloudformation.utils
import moto.core.config
import moto.stepfunctions.models
import moto.stepfunctions.parser.models
import moto.server


# The longest name each type takes (its service's limit), and whether CloudFormation leaves the stack name out.
NAME_RULES = {
    "AWS::StepFunctions::StateMachine": (80, False),
    "AWS::IAM::Role": (64, True),
    "AWS::Lambda::Function": (64, True),
    "AWS::Events::Rule": (64, True),
    "AWS::SQS::Queue": (80, True),
    "AWS::SNS::Topic": (256, True),
    "AWS::Logs::LogGroup": (512, True),
    "AWS::DynamoDB::Table": (255, True),
}

SUFFIX = 12


def fit(parts: list, room: int) -> list:
    """Cuts the parts so their lengths add up to at most `room`: the shorter keeps all it can, the longer the rest."""
    if sum(len(p) for p in parts) <= room:
        return parts
    if len(parts) == 1:
        return [parts[0][:room]]
    short, long_ = sorted(range(2), key=lambda i: len(parts[i]))
    out = list(parts)
    out[short] = parts[short][: room // 2]
    out[long_] = parts[long_][: room - len(out[short])]
    return out


def generated_name(resource_type: str, stack_name: str, logical_id: str, moto_default):
    rule = NAME_RULES.get(resource_type)
    if rule is None:
        return moto_default(resource_type, stack_name, logical_id)
    limit, with_stack = rule
    parts = [stack_name, logical_id] if with_stack else [logical_id]
    # one "-" between parts and one before the suffix; a cut part must not end in "-" (no "--" in names)
    parts = [p.rstrip("-") for p in fit(parts, limit - SUFFIX - len(parts))]
    return "-".join(parts + [moto.cloudformation.utils.random_suffix()[:SUFFIX]])


def main() -> None:
    args = sys.argv[1:]
    moto_names = "--moto-names" in args
    args = [a for a in args if a != "--moto-names"]
    if len(args) != 1 or not args[0].isdigit():
        sys.stderr.write("usage: moto-launcher.py PORT [--moto-names]\n")
        sys.exit(2)
    port = args[0]
    if not moto_names:
        moto_default = moto.cloudformation.parsing.generate_resource_name
        moto.cloudformation.parsing.generate_resource_name = lambda t, s, l: generated_name(t, s, l, moto_default)
    moto.stepfunctions.models.stepfunctions_backends = (
        moto.stepfunctions.parser.models.stepfunctions_parser_backends
    )
    moto.core.config.default_user_config["stepfunctions"] = {"execute_state_machine": True}
    sys.stderr.write(f"stepf emulator: moto {moto.__version__} on 127.0.0.1:{port}\n")
    sys.stderr.flush()
    moto.server.main(["-H", "127.0.0.1", "-p", port])


if __name__ == "__main__":
    main()
