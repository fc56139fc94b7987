"""greet: a tiny command-line program that says hello."""
import argparse

parser = argparse.ArgumentParser(prog="greet", description="Print a friendly greeting.")
parser.add_argument("--name", default="World", help="who to greet (default: World)")
parser.add_argument("--shout", action="store_true", help="greet in capital letters")
parser.add_argument("--version", action="version", version="greet 1.0")
args = parser.parse_args()

message = f"Hello, {args.name}!"
print(message.upper() if args.shout else message)
