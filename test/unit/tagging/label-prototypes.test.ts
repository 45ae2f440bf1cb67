import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/core/db/open-database.js';
import { labelPrototypes } from '../../../main/core/tagging/label-prototypes.js';
import type { StoredLabel } from '../../../main/core/tagging/label-set.js';
import { PROMPT_TEMPLATES, promptsFor } from '../../../main/core/tagging/prompt-templates.js';
import { axis, DIM, fakeTextTower } from './fake-text-tower.js';

function label(id: number, name: string, more: Partial<StoredLabel> = {}): StoredLabel {
  return { id, setId: 1, position: id, name, phrasings: [], exclusions: [], threshold: null, ...more };
}

describe('labelPrototypes', () => {
  it('averages the prompt ensembles of the name and each phrasing; exclusions stay separate vectors', async () => {
    const db = openDatabase(':memory:');
    const [cat] = await labelPrototypes(db, [label(1, 'aa', { phrasings: ['bb', 'aa'], exclusions: ['cc'], threshold: 0.25 })], {
      modelId: 'm',
      dim: DIM,
      encode: fakeTextTower().encode,
    });
    expect(cat!.labelId).toBe(1);
    expect([...cat!.prototype].map((x) => +x.toFixed(6))).toEqual([...axis(['aa', Math.SQRT1_2], ['bb', Math.SQRT1_2])].map((x) => +x.toFixed(6)));
    expect(cat!.exclusions).toEqual([axis(['cc', 1])]);
    expect(cat!.threshold).toBe(0.25);
  });

  it('encodes each prompt once per model, in bounded batches, and only the new ones after an edit', async () => {
    const db = openDatabase(':memory:');
    const tower = fakeTextTower();
    const opts = { modelId: 'm', dim: DIM, encode: tower.encode };
    await labelPrototypes(db, [label(1, 'aa', { phrasings: ['bb', 'cc', 'dd'] })], opts);
    const first = tower.calls.flat();
    expect(first.sort()).toEqual(['aa', 'bb', 'cc', 'dd'].flatMap(promptsFor).sort());
    expect(Math.max(...tower.calls.map((c) => c.length))).toBeLessThanOrEqual(32);

    tower.calls.length = 0;
    await labelPrototypes(db, [label(1, 'aa', { phrasings: ['bb', 'cc', 'dd'] })], opts);
    expect(tower.calls).toEqual([]);

    await labelPrototypes(db, [label(1, 'aa', { phrasings: ['bb', 'ee'] })], opts);
    expect(tower.calls.flat().sort()).toEqual(promptsFor('ee').sort());

    tower.calls.length = 0;
    await labelPrototypes(db, [label(1, 'aa')], { ...opts, modelId: 'other' });
    expect(tower.calls.flat()).toHaveLength(PROMPT_TEMPLATES.length);
  });

  it('needs the text tower only for prompts it has not cached', async () => {
    const db = openDatabase(':memory:');
    await labelPrototypes(db, [label(1, 'aa')], { modelId: 'm', dim: DIM, encode: fakeTextTower().encode });
    await expect(labelPrototypes(db, [label(1, 'aa')], { modelId: 'm', dim: DIM })).resolves.toHaveLength(1);
    await expect(labelPrototypes(db, [label(1, 'bb')], { modelId: 'm', dim: DIM })).rejects.toMatchObject({ code: 'PROMPTS_NOT_ENCODED' });
  });

  it("applies what the label learned under this model, and only this model's", async () => {
    const db = openDatabase(':memory:');
    db.prepare(`INSERT INTO label_sets (id, name, created_at, updated_at) VALUES (1, 's', 0, 0)`).run();
    db.prepare(`INSERT INTO labels (id, set_id, name, position, threshold) VALUES (1, 1, 'aa', 0, 0.2), (2, 1, 'bb', 1, NULL)`).run();
    const learned = axis(['dd', 1]);
    const adapt = db.prepare('INSERT INTO label_adaptations (label_id, model_id, prototype, threshold, updated_at) VALUES (?, ?, ?, ?, 0)');
    adapt.run(1, 'm', Buffer.from(learned.buffer), 0.6);
    adapt.run(2, 'other', Buffer.from(learned.buffer), 0.7);
    const opts = { modelId: 'm', dim: DIM, encode: fakeTextTower().encode };
    const [aa, bb] = await labelPrototypes(db, [label(1, 'aa', { threshold: 0.2 }), label(2, 'bb')], opts);
    expect(aa).toMatchObject({ prototype: learned, threshold: 0.6 });
    expect(bb).toMatchObject({ prototype: axis(['bb', 1]), threshold: null });
  });
});
