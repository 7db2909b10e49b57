import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CLAIM_STAGE_LABELS } from '../../../../shared/constants';
import type { Photo } from '../../../../shared/schemas/media';
import type { TimelineEntry } from '../../../../shared/schemas/claims';
import { actorLabel, entryFacts, when } from '../../lib/claim-view';

/** The claim's story so far, newest step first: who did what and when, with photos and the thank-you. */
export function Timeline({
  entries,
  now,
  split = false,
}: {
  entries: TimelineEntry[];
  now: number;
  /** The wish is shared among donors: say how many shares each claim took. */
  split?: boolean;
}) {
  const newestFirst = [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <View className="dn-card" data-testid="timeline">
      <Text className="dn-card__title">进度</Text>
      <View className="dn-timeline">
        {newestFirst.map((entry, i) => (
          <View
            key={`${entry.kind}-${entry.at}-${i}`}
            className={`dn-step ${i === 0 ? 'dn-step--latest' : ''}`}
            data-testid="timeline-step"
            data-kind={entry.kind}
          >
            <View className="dn-step__dot" />
            <View className="dn-step__body">
              <View className="dn-step__head">
                <Text className="dn-step__title">{CLAIM_STAGE_LABELS[entry.kind]}</Text>
                <Text className="dn-step__time">{when(entry.at, now)}</Text>
              </View>
              <Text className="dn-step__by">{actorLabel(entry)}</Text>
              {entryFacts(entry, split).map((f) => (
                <Text key={f} className="dn-step__fact">
                  {f}
                </Text>
              ))}
              {entry.note && <Text className="dn-step__note">{entry.note}</Text>}
              {entry.text && (
                <Text className="dn-step__thanks" data-testid="thank-you-text">
                  {entry.text}
                </Text>
              )}
              {entry.photos.length > 0 && <Photos photos={entry.photos} />}
            </View>
          </View>
        ))}
      </View>
    </View>
  );
}

function Photos({ photos }: { photos: Photo[] }) {
  const urls = photos.map((p) => p.url);
  return (
    <View className="dn-photos">
      {photos.map((p) => (
        <Image
          key={p.id}
          className="dn-photos__item"
          src={p.thumbUrl}
          mode="aspectFill"
          data-testid="timeline-photo"
          onClick={() => void Taro.previewImage({ current: p.url, urls }).catch(() => undefined)}
        />
      ))}
    </View>
  );
}
