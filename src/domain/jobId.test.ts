import { jobInstance, jobPlace, makeJobId } from './jobId';

describe('job ids carry their instance', () => {
  const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
  test('made from the instance tag and a UUID, and read back', () => {
    const id = makeJobId('1a2b3c4d', uuid);
    expect(id).toBe(`1a2b3c4d-${uuid}`);
    expect(jobInstance(id)).toBe('1a2b3c4d');
    expect(jobPlace(id, '1a2b3c4d')).toBe('here');
    expect(jobPlace(id, 'ffffffff')).toBe('elsewhere');
  });
  test('anything else is no job: a bare UUID (before instances), a path, upper case', () => {
    for (const bad of [uuid, '1', '../x', `1A2B3C4D-${uuid}`, `1a2b3c4d-${uuid}/..`, '']) expect(jobPlace(bad, '1a2b3c4d')).toBeNull();
    expect(() => makeJobId('xyz', uuid)).toThrow();
  });
});
