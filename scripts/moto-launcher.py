"""Starts moto server on a loopback port with the Step Functions interpreter switched on.

Usage: python scripts/moto-launcher.py PORT

CloudFormation writes state machines into `moto.stepfunctions.models.stepfunctions_backends`, while the
Step Functions API (with execute_state_machine on) reads `stepfunctions_parser_backends`. Pointing the
first name at the second, before the server starts, makes stack-deployed machines runnable. The models
module looks the name up at call time, so a module attribute assignment is enough (checked in 5.2.5).
"""
import sys

import moto
import moto.core.config
import moto.stepfunctions.models
import moto.stepfunctions.parser.models
import moto.server


def main() -> None:
    if len(sys.argv) != 2 or not sys.argv[1].isdigit():
        sys.stderr.write("usage: moto-launcher.py PORT\n")
        sys.exit(2)
    port = sys.argv[1]
    moto.stepfunctions.models.stepfunctions_backends = (
        moto.stepfunctions.parser.models.stepfunctions_parser_backends
    )
    moto.core.config.default_user_config["stepfunctions"] = {"execute_state_machine": True}
    sys.stderr.write(f"stepf emulator: moto {moto.__version__} on 127.0.0.1:{port}\n")
    sys.stderr.flush()
    moto.server.main(["-H", "127.0.0.1", "-p", port])


if __name__ == "__main__":
    main()
