import { describe } from 'vitest';
import { checkCatalogue } from '../testing/catalogue.js';
import { DETECTORS } from './index.js';

describe('hosting and CI detectors', () => checkCatalogue(DETECTORS, 25));
