from kasudesk.cli import main

raise SystemExit(main())
