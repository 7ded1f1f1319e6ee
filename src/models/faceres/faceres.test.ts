import { embedderContractTests } from '../testing/embedder-contract.js';
import { FACERES_DIMENSION, load } from './index.js';

embedderContractTests('faceres', FACERES_DIMENSION, () => load());
