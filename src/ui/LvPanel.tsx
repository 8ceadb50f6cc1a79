import { useState } from 'react';
import { LV_PARAM_SPECS } from '../anatomy/lvParams';
import { sampleLvSubject } from '../anatomy/lvPopulation';
import { createRng } from '../anatomy/random';
import { useApp } from '../state/context';
import { ParamPanel } from './ParamPanel';
import { defaultsOf } from './defaults';

/** LV phantom parameters, plus sampling a healthy or HCM subject from the synthetic population. */
export function LvPanel() {
  const values = useApp((s) => s.lvParams);
  const setParam = useApp((s) => s.setLvParam);
  const replace = useApp((s) => s.replaceParams);
  const [seed, setSeed] = useState(1);
  const [last, setLast] = useState<string | null>(null);

  const sample = (cls: 'healthy' | 'hcm') => {
    const subject = sampleLvSubject(createRng(seed), cls);
    replace('lv', { ...subject.params });
    setLast(
      `${cls === 'hcm' ? `HCM (${subject.phenotype ?? 'unspecified'})` : 'healthy'} subject, seed ${seed}`,
    );
    setSeed(seed + 1);
  };

  return (
    <ParamPanel
      title="LV phantom"
      specs={LV_PARAM_SPECS}
      values={values}
      onChange={setParam}
      onReset={() => {
        replace('lv', defaultsOf(LV_PARAM_SPECS));
        setLast(null);
      }}
    >
      <div className="sample-row">
        <button type="button" onClick={() => sample('healthy')}>
          Sample healthy
        </button>
        <button type="button" onClick={() => sample('hcm')}>
          Sample HCM
        </button>
      </div>
      {last ? <p className="hint">Showing a {last}.</p> : null}
    </ParamPanel>
  );
}
