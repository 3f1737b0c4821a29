from advantage.cli import main

main()
