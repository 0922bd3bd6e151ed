import { describe } from 'vitest';
import { checkCatalogue } from '../testing/catalogue.js';
import { DETECTORS } from './index.js';

describe('cloud detectors', () => checkCatalogue(DETECTORS, 30));
