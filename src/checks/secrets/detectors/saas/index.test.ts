import { describe } from 'vitest';
import { checkCatalogue } from '../testing/catalogue.js';
import { DETECTORS } from './index.js';

describe('saas detectors', () => checkCatalogue(DETECTORS, 60));
