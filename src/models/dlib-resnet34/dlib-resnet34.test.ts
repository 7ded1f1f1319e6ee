import { embedderContractTests } from '../testing/embedder-contract.js';
import { DLIB_RESNET34_DIMENSION, load } from './index.js';

embedderContractTests('dlib-resnet34', DLIB_RESNET34_DIMENSION, () => load());
