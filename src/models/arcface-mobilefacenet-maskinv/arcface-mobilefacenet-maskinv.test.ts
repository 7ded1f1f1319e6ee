import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dot, unit } from '../../methods/vectors.js';
import { loadChipMaker } from '../../train/distill/chips.js';
import { load as loadTeacher } from '../arcface-mobilefacenet/index.js';
import { embedderContractTests } from '../testing/embedder-contract.js';
import { ARCFACE_MASKINV_DIMENSION, ARCFACE_MASKINV_NAME, load } from './index.js';

embedderContractTests(ARCFACE_MASKINV_NAME, ARCFACE_MASKINV_DIMENSION, () => load());

test('the distilled student sees through a synthetic mask: its vector of the masked chip is nearer the teacher\'s unmasked vector than the teacher\'s own', async () => {
  const maker = await loadChipMaker();
  const student = await load();
  const teacher = await loadTeacher();
  try {
    // An RMFD photo of the shipped fixture (a person in no training set of the shipped student: its recipe excludes bench:accuracy's test people).
    const chips = await maker.chips({ path: 'test/fixtures/rmfd-mini/AFDB_face_dataset/chenhe/0_0_chenhe_0005.jpg', person: 'chenhe', masked: false }, 3);
    assert.ok(chips !== undefined && chips.length === 4);
    const target = unit(await teacher.embed(chips[0]!));
    for (const masked of chips.slice(1)) {
      const studentCos = dot(unit(await student.embed(masked)), target);
      const teacherCos = dot(unit(await teacher.embed(masked)), target);
      assert.ok(studentCos > teacherCos, `student ${studentCos.toFixed(3)} against teacher ${teacherCos.toFixed(3)}`);
    }
    // Unmasked, the student keeps the teacher's vector.
    assert.ok(dot(unit(await student.embed(chips[0]!)), target) > 0.8);
  } finally {
    maker.dispose();
    student.dispose();
    teacher.dispose();
  }
});
