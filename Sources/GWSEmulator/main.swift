// Placeholder until the CLI is written.
print("gws-emulator")
