import { describe } from 'vitest';
import { checkCatalogue } from '../testing/catalogue.js';
import { DETECTORS } from './index.js';

describe('monitoring detectors', () => checkCatalogue(DETECTORS, 15));
