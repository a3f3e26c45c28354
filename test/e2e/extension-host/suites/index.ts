// The extension-host suites, in the order they run (bundled into suites.cjs).
import './activation.suite.ts';
import './providers.suite.ts';
import './settings.suite.ts';
import './restart.suite.ts';
