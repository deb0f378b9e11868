"""Starts moto server on a loopback port with the Step Functions interpreter switched on, naming
unnamed resources as CloudFormation does.

Usage: python scripts/moto-launcher.py PORT [--moto-names] [--no-s3-definitions]

CloudFormation writes state machines into `moto.stepfunctions.models.stepfunctions_backends`, while the
Step Functions API (with execute_state_machine on) reads `stepfunctions_parser_backends`. Pointing the
first name at the second, before the server starts, makes stack-deployed machines runnable. The models
module looks the name up at call time, so a module attribute assignment is enough (checked in 5.2.5).

Definitions: moto's CloudFormation reads only DefinitionString for a state machine (DefinitionS3Location
gives an empty definition, DefinitionSubstitutions are ignored). `definition_from_s3` below does what
CloudFormation's own handler does (aws-cloudformation-resource-providers-stepfunctions,
DefinitionProcessor): the body read from the bucket (moto's S3, in memory), then every `${key}` of
DefinitionSubstitutions replaced by its value, repeatedly, an unknown `${...}` left as written; on create
and on update. `--no-s3-definitions` keeps moto's own behaviour.

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


def substitute(text: str, substitutions: dict) -> str:
    """Replaces each `${key}` by its value until none is left, as StringUtils.replaceEachRepeatedly does."""
    for _ in range(10):
        before = text
        for key, value in substitutions.items():
            text = text.replace("${" + key + "}", str(value))
        if text == before:
            break
    return text


def definition_from_s3(properties: dict, account_id: str, region_name: str) -> None:
    """Sets DefinitionString from DefinitionS3Location (moto's S3) and DefinitionSubstitutions, in place."""
    location = properties.get("DefinitionS3Location")
    substitutions = properties.get("DefinitionSubstitutions") or {}
    if location and "DefinitionString" not in properties:
        from moto.s3.models import s3_backends
        from moto.utilities.utils import get_partition

        key = s3_backends[account_id][get_partition(region_name)].get_object(location["Bucket"], location["Key"])
        if key is None:
            raise ValueError(f"DefinitionS3Location s3://{location['Bucket']}/{location['Key']} does not exist")
        properties["DefinitionString"] = key.value.decode("utf-8")
    if substitutions and "DefinitionString" in properties:
        properties["DefinitionString"] = substitute(properties["DefinitionString"], substitutions)


def read_definitions_from_s3() -> None:
    machine = moto.stepfunctions.models.StateMachine
    create, update = machine.create_from_cloudformation_json.__func__, machine.update_from_cloudformation_json.__func__

    def create_from_s3(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        definition_from_s3(cloudformation_json.get("Properties", {}), account_id, region_name)
        return create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)

    def update_from_s3(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        definition_from_s3(cloudformation_json.get("Properties", {}), account_id, region_name)
        return update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)

    machine.create_from_cloudformation_json = classmethod(create_from_s3)
    machine.update_from_cloudformation_json = classmethod(update_from_s3)


def main() -> None:
    args = sys.argv[1:]
    moto_names = "--moto-names" in args
    s3_definitions = "--no-s3-definitions" not in args
    args = [a for a in args if a not in ("--moto-names", "--no-s3-definitions")]
    if len(args) != 1 or not args[0].isdigit():
        sys.stderr.write("usage: moto-launcher.py PORT [--moto-names] [--no-s3-definitions]\n")
        sys.exit(2)
    port = args[0]
    if s3_definitions:
        read_definitions_from_s3()
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
