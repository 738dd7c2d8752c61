import { parseBureau, readSelection } from './bureauSelection';

const options = { provinces: ['440000'], cities: ['440700'], stages: ['3'], subjects: ['C04', 'C18'], bureaus: ['1'], points: ['2'], planId: 9, windowProblem: null, otherSubjects: ['C18'] };
const sel = (more: Record<string, string>) => readSelection({ provinceCode: '440000', cityCode: '440700', stage: '3', bureauId: '1', pointId: '2', ...more });

test('其他(注明具体学科) asks for the 具体学科; other subjects ignore it', () => {
  expect(parseBureau(sel({ subject: 'C18' }), options).errors).toEqual({ subjectOther: '请注明具体学科' });
  expect(parseBureau(sel({ subject: 'C18', subjectOther: '书'.repeat(21) }), options).errors).toEqual({ subjectOther: '具体学科不能超过20个字' });
  expect(parseBureau(sel({ subject: 'C18', subjectOther: ' 书法 ' }), options).answers).toMatchObject({ subject: 'C18', subjectOther: '书法' });
  expect(parseBureau(sel({ subject: 'C04', subjectOther: '书法' }), options).answers).not.toHaveProperty('subjectOther');
});
